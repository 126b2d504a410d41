using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class SampleWindowTests
{
    [Fact]
    public void The_identity_window_maps_points_to_themselves()
    {
        Assert.Equal(new Point2(12.25, 7), new SampleWindow(0, 0, 1).ToImage(new Point2(12.25, 7)));
    }

    [Fact]
    public void Maps_pixel_centres_to_pixel_centres()
    {
        // A 600 × 300 photo letterboxed into 256: 600/256 image pixels per tensor pixel, 150 px of margin above.
        var window = SampleWindow.Letterbox(600, 300, 256);
        double scale = 600.0 / 256;

        Assert.Equal(new SampleWindow(0, -150, scale), window);
        // Tensor pixel 0 covers image x ∈ [0, scale): its centre is at scale/2 in edge terms, scale/2 − 0.5 in centre terms.
        var first = window.ToImage(new Point2(0, 0));
        Assert.Equal((scale / 2) - 0.5, first.X, 12);
        Assert.Equal(-150 + (scale / 2) - 0.5, first.Y, 12);
        // The tensor's far edge (x = 255.5 in centre terms) is the photo's far edge (x = 599.5).
        Assert.Equal(599.5, window.ToImage(new Point2(255.5, 0)).X, 9);
    }
}
