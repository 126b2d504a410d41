using CodeFormer.Core.Detection;

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
    public void A_group_photo_at_detection_size_takes_eleven_passes()
    {
        // 00.jpg at a 640 short side: the letterbox, two 640 tiles, four by two 384 tiles.
        Assert.Equal(11, BlazeFaceTiling.Plan(1014, 640, 256).Count);
    }

    [Fact]
    public void A_small_photo_is_not_enlarged_more_than_twice()
    {
        var plan = BlazeFaceTiling.Plan(200, 150, 256);

        Assert.All(plan.Skip(1), t => Assert.True(t.Scale >= 0.5));
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
