using System.Diagnostics;
using CodeFormer.Core.Detection;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// Recall must not depend on the photo's size: every face with 10 px or more between the eyes is found in
/// 12, 24 and 48 megapixel group photos, once, with its eyes within a quarter of its eye distance, and nothing
/// else is found. Shrinking these photos to a 640 short side (what detection did before) leaves their small
/// faces 1–2 px between the eyes, and they were lost.
/// </summary>
public sealed class LargePhotoDetectionTests(ITestOutputHelper output)
{
    public static readonly TheoryData<int, int, int> Sizes = new()
    {
        { 4240, 2830, 10 },
        { 6000, 4000, 20 },
        { 8490, 5660, 30 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BlazeFace_finds_every_face_of_a_large_group_photo(int width, int height, int faces)
    {
        using var detector = BlazeFaceDetector.CreateEmbedded();
        AssertEveryFaceFound(detector, width, height, faces);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void YuNet_finds_every_face_of_a_large_group_photo(int width, int height, int faces)
    {
        using var detector = new YuNetDetector(CodeFormer.Core.Inference.ModelSource.FromFile(YuNetFixture.ModelPath));
        AssertEveryFaceFound(detector, width, height, faces);
    }

    private void AssertEveryFaceFound(IFaceDetector detector, int width, int height, int count)
    {
        var photo = GroupPhoto.Create(width, height, count, seed: width);
        var clock = Stopwatch.StartNew();
        var found = new FaceFinder(detector).Find(photo.Image);
        output.WriteLine($"{width}×{height}: {found.Count} faces in {clock.ElapsedMilliseconds} ms");
        var unmatched = found.ToList();
        double worst = 0;
        foreach (var expected in photo.Faces)
        {
            double eyes = expected.LeftEye.DistanceTo(expected.RightEye);
            var matches = unmatched.Where(f => expected.EyeError(f) <= 0.25 * eyes).ToList();
            Assert.True(matches.Count == 1,
                $"the {expected.Label} (eyes {expected.LeftEye}, {expected.RightEye}) is matched by {matches.Count} detections; nearest: "
                + WholePhotos.Describe(found.OrderBy(expected.EyeError).Take(1)));
            worst = Math.Max(worst, expected.EyeError(matches[0]) / eyes);
            unmatched.Remove(matches[0]);
        }

        Assert.True(unmatched.Count == 0, $"unexpected detections: {WholePhotos.Describe(unmatched)}");
        output.WriteLine($"worst eye error {worst:F2} of the eye distance");
    }
}
