using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class BlazeFaceAnchorsTests
{
    private readonly Point2[] _anchors = BlazeFaceAnchors.Create();

    [Fact]
    public void Has_896_anchors_512_of_them_on_the_fine_grid()
    {
        Assert.Equal(896, _anchors.Length);
        Assert.Equal(512, BlazeFaceAnchors.FineCount);
    }

    [Fact]
    public void Fine_grid_is_16_by_16_cells_of_2_anchors_row_by_row()
    {
        Assert.Equal(new Point2(0.5 / 16, 0.5 / 16), _anchors[0]);
        Assert.Equal(_anchors[0], _anchors[1]);
        Assert.Equal(new Point2(1.5 / 16, 0.5 / 16), _anchors[2]);
        Assert.Equal(new Point2(0.5 / 16, 1.5 / 16), _anchors[32]);
        Assert.Equal(new Point2(15.5 / 16, 15.5 / 16), _anchors[511]);
    }

    [Fact]
    public void Coarse_grid_is_8_by_8_cells_of_6_anchors_row_by_row()
    {
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(new Point2(0.5 / 8, 0.5 / 8), _anchors[512 + k]);
        }

        Assert.Equal(new Point2(1.5 / 8, 0.5 / 8), _anchors[518]);
        Assert.Equal(new Point2(0.5 / 8, 1.5 / 8), _anchors[512 + 48]);
        Assert.Equal(new Point2(7.5 / 8, 7.5 / 8), _anchors[895]);
    }
}
