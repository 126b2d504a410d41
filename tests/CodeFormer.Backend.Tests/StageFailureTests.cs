using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using CodeFormer.Core;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Backend.Tests;

/// <summary>Permanent is what carries the one marker; every other exception, whatever its base type, is transient.</summary>
public sealed class StageFailureTests
{
    public static TheoryData<Exception, bool> Exceptions() => new()
    {
        { new PermanentFailureException("bad input"), true },
        { new ImageRejectedException(ImageRejectionReason.Corrupt, "truncated"), true },
        { new ModelSignatureException("no fidelity input"), true },
        { new IncompatibleModelException("m.onnx", "BlazeFace", "wrong outputs"), true },
        { new MalformedMessageException("not json"), true },
        { new InvalidBlobNameException("../x"), true },
        { new UploadWithdrawnException("deleted"), true },
        // Coding bugs and infrastructure trouble: retried, logged, never recorded verbatim.
        { new ArgumentException("bug"), false },
        { new ArgumentOutOfRangeException("index"), false },
        { new InvalidDataException("odd bytes"), false },
        { new NullReferenceException(), false },
        { new IOException("disk"), false },
        { new InvalidOperationException("order"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Only_the_marker_makes_a_failure_permanent(Exception exception, bool permanent) =>
        Assert.Equal(permanent, StageFailure.IsPermanent(exception));

    [Fact]
    public void The_internal_error_names_the_stage_and_the_correlation_id_only()
    {
        string id = StageFailure.NewCorrelationId();
        Assert.Matches("^[0-9a-f]{12}$", id);
        Assert.NotEqual(id, StageFailure.NewCorrelationId());
        Assert.Equal($"The restore stage failed repeatedly on an internal error and gave up; quote correlation id {id} when reporting it.", StageFailure.InternalError("restore", id));
    }
}
