using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Detection;

public sealed class BlazeFaceDetectorTests(BlazeFaceFixture fixture, ITestOutputHelper output) : IClassFixture<BlazeFaceFixture>
{
    [Theory]
    [MemberData(nameof(WholePhotos.Names), MemberType = typeof(WholePhotos))]
    public void Finds_every_face_a_person_would_restore_and_nothing_else(string name)
    {
        var faces = new FaceFinder(fixture.Detector).Find(WholePhotos.Read(name));

        output.WriteLine($"{name}: {faces.Count} faces: {WholePhotos.Describe(faces)}");
        WholePhotos.AssertFound(name, faces);
    }

    [Theory]
    [MemberData(nameof(WholePhotos.Names), MemberType = typeof(WholePhotos))]
    public void Landmarks_are_image_left_eye_first_above_nose_above_mouth(string name)
    {
        var faces = new FaceFinder(fixture.Detector).Find(WholePhotos.Read(name));

        Assert.NotEmpty(faces);
        foreach (var face in faces)
        {
            Assert.Equal(LandmarkLayout.EyesNoseMouthCentre, face.Landmarks.Layout);
            LandmarkSanity.AssertUpright(face);
        }
    }

    [Fact]
    public void Finds_the_group_at_the_photo_own_size_too()
    {
        // 00.jpg as stored (491×310): the faces are 35–53 px wide, the size the tiles exist for.
        var faces = fixture.Detector.Detect(WholePhotos.Read("00.jpg"));

        WholePhotos.AssertFound("00.jpg", faces);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Finds_every_face_of_a_crowd_wherever_the_tiles_cut(int seed)
    {
        var crowd = Crowd.Create(seed);

        var faces = new FaceFinder(fixture.Detector).Find(crowd.Image);

        // A turned face 14–24 px between the eyes at detection size: BlazeFace's eyes are good to about a
        // quarter of that (worst seen 0.26), so 0.3 of the eye distance.
        var unmatched = faces.ToList();
        foreach (var expected in crowd.Faces)
        {
            double tolerance = 0.3 * expected.LeftEye.DistanceTo(expected.RightEye);
            var match = unmatched.Find(f => expected.EyeError(f) <= tolerance);
            Assert.True(match is not null, $"{expected.Label} with eyes {expected.LeftEye}, {expected.RightEye} not found within {tolerance:F1} px");
            unmatched.Remove(match);
        }

        Assert.True(unmatched.Count == 0, $"unexpected detections: {WholePhotos.Describe(unmatched)}");
    }

    [Fact]
    public void Finds_nothing_in_a_featureless_image()
    {
        var gray = new RgbImage(640, 480);
        gray.Pixels.AsSpan().Fill(128);

        Assert.Empty(fixture.Detector.Detect(gray));
    }

    [Fact]
    public void Leaves_the_image_untouched()
    {
        var image = WholePhotos.Read("04.jpg");
        var before = image.Clone();

        fixture.Detector.Detect(image);

        Assert.Equal(before.Pixels, image.Pixels);
    }

    [Fact]
    public void Gives_the_same_faces_when_called_from_several_threads()
    {
        var image = WholePhotos.Read("00.jpg");
        var expected = fixture.Detector.Detect(image);

        var results = new IReadOnlyList<DetectedFace>[4];
        Parallel.For(0, results.Length, i => results[i] = fixture.Detector.Detect(image));

        foreach (var result in results)
        {
            Assert.Equal(expected, result, (a, b) => a.Box == b.Box && a.Score == b.Score);
        }
    }

    [Fact]
    public void Front_model_is_embedded_and_finds_a_portrait()
    {
        using var front = BlazeFaceDetector.CreateEmbedded(BlazeFaceVariant.Front128);
        var faces = new FaceFinder(front).Find(WholePhotos.Read("04.jpg"));

        Assert.Equal(128, front.InputSize);
        WholePhotos.AssertFound("04.jpg", faces);
    }

    [Fact]
    public void Refuses_a_model_that_is_not_BlazeFace_and_says_why()
    {
        var ex = Assert.Throws<IncompatibleModelException>(() => new BlazeFaceDetector(ModelSource.FromFile(YuNetFixture.ModelPath)));

        Assert.Equal("yunet-2023mar.onnx", ex.ModelName);
        Assert.Contains("BlazeFace", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, S, S, 3]", ex.Message, StringComparison.Ordinal);
    }
}
