using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class BlazeFaceTilingTests
{
    [Theory]
    [InlineData(1014, 640)]
    [InlineData(640, 885)]
    [InlineData(640, 640)]
    [InlineData(3000, 640)]
    public void Starts_with_the_letterbox_then_covers_the_photo_with_overlapping_tiles_inside_it(int width, int height)
    {
        var plan = BlazeFaceTiling.Plan(width, height, 256);

        Assert.Equal(SampleWindow.Letterbox(width, height, 256), plan[0]);
        var tiles = plan.Skip(1).ToList();
        Assert.NotEmpty(tiles);
        foreach (var level in tiles.GroupBy(t => t.Scale))
        {
            double side = level.Key * 256;
            Assert.True(side < Math.Max(width, height), "a tile as large as the letterbox repeats it");
            Assert.All(level, t => Assert.True(t.Left >= 0 && t.Top >= 0 && t.Left + side <= width + 1e-9 && t.Top + side <= height + 1e-9));
            AssertCoveredWithOverlap(level.Select(t => t.Left).Distinct().Order().ToList(), side, width);
            AssertCoveredWithOverlap(level.Select(t => t.Top).Distinct().Order().ToList(), side, height);
        }
    }

    [Fact]
    public void A_group_photo_at_detection_size_takes_nine_passes()
    {
        // 00.jpg at a 640 short side: the letterbox and four by two tiles of 384 px.
        var plan = BlazeFaceTiling.Plan(1014, 640, 256);

        Assert.Equal(9, plan.Count);
        Assert.All(plan.Skip(1), t => Assert.Equal(384, t.Scale * 256, 9));
    }

    [Fact]
    public void A_panorama_gets_short_side_tiles_where_the_fine_overlap_is_too_small_for_the_letterbox()
    {
        var plan = BlazeFaceTiling.Plan(3000, 640, 256);

        Assert.Contains(plan, t => Math.Abs((t.Scale * 256) - 640) < 1e-9);
        Assert.Contains(plan, t => Math.Abs((t.Scale * 256) - 384) < 1e-9);
    }

    [Fact]
    public void A_small_photo_is_not_enlarged_more_than_twice()
    {
        Assert.Single(BlazeFaceTiling.Plan(200, 150, 256)); // 0.6 × 150 = 90 px tiles would be enlarged 2.8×
        Assert.All(BlazeFaceTiling.Plan(600, 450, 256).Skip(1), t => Assert.True(t.Scale >= 0.5));
    }

    [Fact]
    public void Faces_cut_by_an_inner_tile_edge_are_dropped_but_not_those_at_the_photo_edge()
    {
        // A 256 px tile at (0, 100) of a 600 × 400 photo: its left edge is the photo's, the others are inside.
        var window = SampleWindow.Square(0, 100, 256, 256);
        var atPhotoEdge = Face(0, 200, 40);       // touches the tile's left edge, which is the photo's
        var nearInnerEdge = Face(100, 102, 40);   // 2 px below the tile's top: within 10 % of its size
        var whole = Face(100, 200, 40);
        var faces = new List<DetectedFace> { atPhotoEdge, nearInnerEdge, whole };

        BlazeFaceDetector.DropCutFaces(faces, 0, window, 256, 600, 400);

        Assert.Equal([atPhotoEdge, whole], faces);
    }

    private static DetectedFace Face(double left, double top, double size)
    {
        var c = new Point2(left + (size / 2), top + (size / 2));
        return new DetectedFace(new FaceBox(left, top, left + size, top + size), 0.9f, new FaceLandmarks(LandmarkLayout.EyesNoseMouthCentre, [c, c, c, c]));
    }

    private static void AssertCoveredWithOverlap(List<double> starts, double side, int length)
    {
        if (side >= length)
        {
            return;
        }

        Assert.Equal(0, starts[0], 9);
        Assert.Equal(length - side, starts[^1], 6);
        for (int i = 1; i < starts.Count; i++)
        {
            Assert.True(starts[i - 1] + side - starts[i] >= (BlazeFaceTiling.Overlap * side) - 1e-9, $"tiles at {starts[i - 1]} and {starts[i]} overlap too little");
        }
    }
}
