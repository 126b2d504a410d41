using CodeFormer.Backend.Messaging;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Sorts stage errors into permanent ones, which no retry can fix (the job is marked failed and the message
/// completed), and transient ones (storage or network trouble), which are rethrown so the queue retries.
/// </summary>
public static class StageFailure
{
    public static bool IsPermanent(Exception ex) => ex is ModelSignatureException
        or ImageRejectedException
        or OutputRejectedException
        or MalformedMessageException
        or InvalidDataException
        or ArgumentException;

    /// <summary>The reason recorded on the job, in words a caller can act on.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        ImageRejectedException rejected => $"The upload is not a usable image ({rejected.Reason}): {rejected.Message}",
        OutputRejectedException => $"The result cannot be made as asked: {ex.Message}",
        ModelSignatureException => $"The CodeFormer model does not fit: {ex.Message}",
        _ => ex.Message,
    };
}
