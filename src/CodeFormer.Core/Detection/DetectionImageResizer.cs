using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>Antialiased bilinear resizing (an area average when shrinking) for the copy detection runs on.</summary>
public static class DetectionImageResizer
{
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var destination = new RgbImage(width, height);
        var sink = new ImageRowSink(destination);
        // Per-axis scales put the image's edges exactly on the copy's edges, whatever the sizes were rounded to.
        double scaleX = (double)source.Width / width, scaleY = (double)source.Height / height;
        WindowResampler.Resample(source, 0, 0, scaleX, scaleY, width, height, ref sink);
        return destination;
    }
}
