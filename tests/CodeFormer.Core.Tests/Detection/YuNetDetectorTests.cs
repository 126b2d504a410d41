using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Detection;

public sealed class YuNetDetectorTests(YuNetFixture fixture, ITestOutputHelper output) : IClassFixture<YuNetFixture>
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
    public void Landmarks_are_the_official_five_in_the_official_order(string name)
    {
        var faces = new FaceFinder(fixture.Detector).Find(WholePhotos.Read(name));

        Assert.NotEmpty(faces);
        foreach (var face in faces)
        {
            Assert.Equal(LandmarkLayout.EyesNoseMouthCorners, face.Landmarks.Layout);
            LandmarkSanity.AssertUpright(face);
        }
    }

    [Fact]
    public void Takes_any_input_size_padded_to_multiples_of_32()
    {
        Assert.Null(fixture.Detector.FixedInputWidth);

        var (width, height, window) = fixture.Detector.InputFor(1014, 640);

        Assert.Equal((1024, 640), (width, height));
        Assert.Equal(new SampleWindow(0, 0, 1), window);
    }

    [Fact]
    public void Shrinks_only_images_beyond_the_input_limit()
    {
        var (width, height, window) = fixture.Detector.InputFor(4000, 3000);

        Assert.True(width <= YuNetDetector.MaxInputSide + 31 && height <= YuNetDetector.MaxInputSide + 31);
        Assert.Equal(0, width % 32);
        Assert.Equal(0, height % 32);
        Assert.Equal(4000.0 / YuNetDetector.MaxInputSide, window.Scale, 9);
    }

    [Fact]
    public void Finds_nothing_in_a_featureless_image()
    {
        var gray = new RgbImage(640, 480);
        gray.Pixels.AsSpan().Fill(128);

        Assert.Empty(fixture.Detector.Detect(gray));
    }

    [Fact]
    public void Refuses_a_model_that_is_not_YuNet_and_says_why()
    {
        var ex = Assert.Throws<IncompatibleModelException>(() => new YuNetDetector(BlazeFaceDetector.EmbeddedModel(BlazeFaceVariant.Back256)));

        Assert.Contains("YuNet", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 3, H, W]", ex.Message, StringComparison.Ordinal);
    }
}
