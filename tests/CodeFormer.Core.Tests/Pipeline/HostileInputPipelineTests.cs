using System.Text.Json;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Parsing;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Pipeline;

/// <summary>
/// The odd-but-valid files of ../shared/data/hostile go all the way through: decoded upright, the face found,
/// restored and pasted; alpha comes back enlarged with the image, gray inputs come back gray.
/// </summary>
public sealed class HostileInputPipelineTests : IDisposable
{
    private readonly IFaceDetector _detector = FaceDetectorFactory.Create(DetectorKind.BlazeFace);
    private readonly CodeFormerRestorer _restorer = new(ModelSource.FromBytes("identity", StandInModels.Identity().ToArray()), InferenceOptions.Default);
    private readonly Lazy<FaceParser> _parser = new(() => new FaceParser(ModelSource.FromBytes("parsenet-replay", ReplayModels.ParseNet())));

    public static TheoryData<string> AcceptedFiles
    {
        get
        {
            using var expected = JsonDocument.Parse(File.ReadAllText(SharedData.File("hostile", "expected.json")));
            return new(expected.RootElement.EnumerateObject().Where(e => e.Value.GetProperty("expect").GetString() == "ok").Select(e => e.Name));
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public void An_accepted_file_is_restored_with_its_face_found(string file) => AssertRestored(file, parser: null);

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public void An_accepted_file_keeps_its_outcome_with_the_parse_masks(string file)
    {
        var result = AssertRestored(file, _parser.Value);
        Assert.True(result.Report.Parsed);
    }

    private RestorationResult AssertRestored(string file, FaceParser? parser)
    {
        var decoded = new ImageDecoder().Decode(File.ReadAllBytes(SharedData.File("hostile", file)));
        var pipeline = new RestorationPipeline(new FacePreparer(_detector), _restorer, parser);

        var result = pipeline.Run(file, decoded.Rgb, decoded.Alpha, new RestoreOptions(0.5, 2));

        Assert.Single(result.Prepared.Faces);
        var working = result.Prepared.Working.Rgb;
        Assert.Equal((working.Width * 2, working.Height * 2), (result.Final.Rgb.Width, result.Final.Rgb.Height));
        if (decoded.Alpha is not null)
        {
            Assert.NotNull(result.Final.Alpha);
            Assert.Equal(result.Final.Rgb.Width, result.Final.Alpha.Width);
        }

        if (decoded.SourceIsSingleChannel)
        {
            Assert.True(result.Prepared.IsGray, "a single-channel input takes the grayscale path");
            Assert.True(GrayscaleCheck.IsGray(result.Final.Rgb), "and comes back gray");
        }

        return result;
    }

    public void Dispose()
    {
        _detector.Dispose();
        _restorer.Dispose();
        if (_parser.IsValueCreated)
        {
            _parser.Value.Dispose();
        }
    }
}
