using CodeFormer.Core.Detection;

namespace CodeFormer.Core.Tests.Detection;

public sealed class FaceDetectorFactoryTests
{
    [Fact]
    public void Creates_the_embedded_BlazeFace_with_the_options_thresholds()
    {
        using var detector = FaceDetectorFactory.Create(DetectorKind.BlazeFace, new DetectionOptions { ScoreThreshold = 0.6f });

        var blaze = Assert.IsType<BlazeFaceDetector>(detector);
        Assert.Equal(256, blaze.InputSize);
        Assert.Equal(0.6f, blaze.Thresholds.Score);
        Assert.Equal(BlazeFaceDetector.DefaultThresholds.NmsIou, blaze.Thresholds.NmsIou);
    }

    [Fact]
    public void Creates_YuNet_from_the_named_file()
    {
        using var detector = FaceDetectorFactory.Create(DetectorKind.YuNet, modelPath: YuNetFixture.ModelPath);

        var yunet = Assert.IsType<YuNetDetector>(detector);
        Assert.Equal(YuNetDetector.DefaultThresholds, yunet.Thresholds);
    }

    [Fact]
    public void Names_the_missing_YuNet_file()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "yunet.onnx");

        var ex = Assert.Throws<FileNotFoundException>(() => FaceDetectorFactory.Create(DetectorKind.YuNet, modelPath: missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }
}
