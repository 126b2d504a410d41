using CodeFormer.Backend.Messaging;
#if CORE_IMAGING
using CodeFormer.Core.Imaging;
#endif
using CodeFormer.Core.Restoration;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Sorts stage errors into permanent ones, which no retry can fix (the job is marked failed and the message
/// completed), and transient ones (storage or network trouble), which are rethrown so the queue retries.
/// </summary>
public static class StageFailure
{
    public static bool IsPermanent(Exception ex) => ex is ModelSignatureException
#if CORE_IMAGING
        or ImageRejectedException
#endif
        or MalformedMessageException
        or InvalidDataException
        or ArgumentException;

    /// <summary>The reason recorded on the job, in words a caller can act on.</summary>
    public static string Describe(Exception ex) => ex switch
    {
#if CORE_IMAGING
        ImageRejectedException rejected => $"The upload is not a usable image ({rejected.Reason}): {rejected.Message}",
#endif
        ModelSignatureException => $"The CodeFormer model does not fit: {ex.Message}",
        _ => ex.Message,
    };
}
