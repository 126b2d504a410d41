using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class FaceFinderTests(BlazeFaceFixture fixture) : IClassFixture<BlazeFaceFixture>
{
    [Fact]
    public void Enlarges_a_short_side_under_640_and_never_shrinks_like_the_official_helper()
    {
        Assert.Equal((1014, 640), FaceFinder.DetectionSize(491, 310, 640));
        Assert.Equal((640, 885), FaceFinder.DetectionSize(191, 264, 640));
        Assert.Equal((4000, 3000), FaceFinder.DetectionSize(4000, 3000, 640)); // never shrunk: its small faces would be lost
        Assert.Equal((640, 640), FaceFinder.DetectionSize(640, 640, 640));
        Assert.Equal((491, 310), FaceFinder.DetectionSize(491, 310, null));
        Assert.Equal((100_000, 100), FaceFinder.DetectionSize(100_000, 100, 640)); // a strip is not enlarged past the long-side cap
        Assert.Equal((4096, 1638), FaceFinder.DetectionSize(1000, 400, 640 * 4)); // an enlargement stops at the cap
    }

    [Fact]
    public void Drops_faces_whose_eyes_are_closer_than_the_threshold()
    {
        var near = Face(0, 0, 40, 4.9, 0.9f);
        var apart = Face(100, 0, 40, 5.0, 0.8f);

        var kept = FaceFinder.Select([near, apart], 300, 200, DetectionOptions.Default);

        Assert.Equal([apart], kept);
    }

    [Fact]
    public void Orders_by_score_and_applies_the_score_threshold()
    {
        var a = Face(0, 0, 40, 10, 0.6f);
        var b = Face(100, 0, 40, 10, 0.95f);
        var c = Face(200, 0, 40, 10, 0.8f);

        Assert.Equal([b, c, a], FaceFinder.Select([a, b, c], 300, 200, DetectionOptions.Default));
        Assert.Equal([b, c], FaceFinder.Select([a, b, c], 300, 200, new DetectionOptions { ScoreThreshold = 0.7f }));
    }

    [Fact]
    public void Only_center_face_keeps_the_face_nearest_the_image_centre_whatever_its_score()
    {
        var corner = Face(0, 0, 40, 10, 0.99f);
        var middle = Face(130, 80, 40, 10, 0.5f); // centre (150, 100) of a 300×200 image

        var kept = FaceFinder.Select([corner, middle], 300, 200, new DetectionOptions { OnlyCenterFace = true });

        Assert.Equal([middle], kept);
    }

    [Fact]
    public void Largest_face_measures_boxes_inside_the_image_and_wins_over_only_center()
    {
        var cutOff = Face(-60, 100, 100, 10, 0.9f); // 100 × 100, but only 40 × 100 inside
        var whole = Face(0, 0, 80, 10, 0.5f);       // 80 × 80, all inside
        var central = Face(140, 90, 20, 10, 0.7f);  // at the centre of the 300 × 200 image
        var options = new DetectionOptions { LargestFace = true, OnlyCenterFace = true };

        var kept = FaceFinder.Select([cutOff, whole, central], 300, 200, options);

        Assert.Equal([whole], kept);
    }

    [Fact]
    public void On_the_group_photo_each_option_picks_the_face_a_person_would_expect()
    {
        var photo = WholePhotos.Read("00.jpg");
        var faces = WholePhotos.Faces("00.jpg");

        var centre = Assert.Single(new FaceFinder(fixture.Detector, new DetectionOptions { OnlyCenterFace = true }).Find(photo));
        var largest = Assert.Single(new FaceFinder(fixture.Detector, new DetectionOptions { LargestFace = true }).Find(photo));
        // The left man is the only one whose eyes are 20 px apart; the others are 15–17 px.
        var wideEyed = Assert.Single(new FaceFinder(fixture.Detector, new DetectionOptions { EyeDistanceThreshold = 19 }).Find(photo));

        Assert.Equal("second man", Nearest(faces, centre).Label);
        Assert.Equal("left man (glasses)", Nearest(faces, largest).Label);
        Assert.Equal("left man (glasses)", Nearest(faces, wideEyed).Label);
    }

    [Fact]
    public void Options_refuse_values_outside_their_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionOptions { ScoreThreshold = 1.5f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionOptions { NmsIou = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionOptions { EyeDistanceThreshold = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionOptions { DetectionShortSide = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionOptions.Default with { EyeDistanceThreshold = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectorThresholds(0.5f, 1.5f));
    }

    [Fact]
    public void Defaults_are_the_official_helper_values()
    {
        var options = DetectionOptions.Default;

        Assert.Equal(5, options.EyeDistanceThreshold);
        Assert.Equal(640, options.DetectionShortSide);
        Assert.False(options.OnlyCenterFace);
        Assert.False(options.LargestFace);
        Assert.Null(options.ScoreThreshold);
    }

    private static ExpectedFace Nearest(IReadOnlyList<ExpectedFace> faces, DetectedFace face) =>
        faces.MinBy(f => f.EyeError(face))!;

    /// <summary>A face at (left, top) with a square box and eyes <paramref name="eyeDistance"/> apart.</summary>
    private static DetectedFace Face(double left, double top, double size, double eyeDistance, float score)
    {
        var centre = new Point2(left + (size / 2), top + (size / 2));
        var landmarks = new FaceLandmarks(LandmarkLayout.EyesNoseMouthCentre,
        [
            centre + new Point2(-eyeDistance / 2, -size / 6),
            centre + new Point2(eyeDistance / 2, -size / 6),
            centre,
            centre + new Point2(0, size / 4),
        ]);
        return new DetectedFace(new FaceBox(left, top, left + size, top + size), score, landmarks);
    }
}
