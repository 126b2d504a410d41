using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class NonMaxSuppressionTests
{
    [Fact]
    public void Hard_keeps_the_best_of_overlapping_boxes_and_every_separate_one()
    {
        var a = Face(0, 0, 10, 10, 0.7f);
        var b = Face(1, 1, 11, 11, 0.9f);
        var c = Face(50, 50, 60, 60, 0.6f);

        var kept = NonMaxSuppression.Hard([a, b, c], 0.3);

        Assert.Equal([b, c], kept);
    }

    [Fact]
    public void Weighted_merges_a_group_into_its_score_weighted_mean_with_the_best_score()
    {
        var a = Face(0, 0, 10, 10, 0.75f);
        var b = Face(2, 2, 12, 12, 0.25f);
        var c = Face(50, 50, 60, 60, 0.6f);

        var merged = NonMaxSuppression.Weighted([a, b, c], 0.3);

        Assert.Equal(2, merged.Count);
        Assert.Equal(0.75f, merged[0].Score);
        Assert.Equal(new FaceBox(0.5, 0.5, 10.5, 10.5), merged[0].Box);
        Assert.Equal(new Point2(3.5, 3.5), merged[0].Landmarks.LeftEye);
        Assert.Same(c, merged[1]);
    }

    [Fact]
    public void Weighted_multiplies_scores_by_the_precisions_given()
    {
        var a = Face(0, 0, 10, 10, 0.75f);
        var b = Face(2, 2, 12, 12, 0.25f);

        var merged = NonMaxSuppression.Weighted([a, b], 0.3, [1.0, 3.0]); // weights 0.75 and 0.75

        Assert.Equal(new FaceBox(1, 1, 11, 11), Assert.Single(merged).Box);
        Assert.Throws<ArgumentException>(() => NonMaxSuppression.Weighted([a, b], 0.3, [1.0]));
    }

    [Fact]
    public void Weighted_leaves_boxes_overlapping_at_the_threshold_apart()
    {
        // IoU of these two is 1/3 exactly; the threshold 1/3 is not exceeded.
        var a = Face(0, 0, 10, 10, 0.9f);
        var b = Face(5, 0, 15, 10, 0.8f);

        Assert.Equal(2, NonMaxSuppression.Weighted([a, b], 1.0 / 3).Count);
    }

    private static DetectedFace Face(double left, double top, double right, double bottom, float score)
    {
        var o = new Point2(left, top);
        var landmarks = new FaceLandmarks(LandmarkLayout.EyesNoseMouthCentre, [o + new Point2(3, 3), o + new Point2(7, 3), o + new Point2(5, 5), o + new Point2(5, 8)]);
        return new DetectedFace(new FaceBox(left, top, right, bottom), score, landmarks);
    }
}
