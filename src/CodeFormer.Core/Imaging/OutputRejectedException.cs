namespace CodeFormer.Core.Imaging;

/// <summary>
/// A result that cannot be written as asked, known before any work where possible: no retry can change it.
/// The message names the limit and, when one exists, the largest upscale that fits.
/// </summary>
public sealed class OutputRejectedException : PermanentFailureException
{
    public OutputRejectedException(OutputRejectionReason reason, string message, int? largestUpscaleThatFits = null)
        : base(message)
    {
        Reason = reason;
        LargestUpscaleThatFits = largestUpscaleThatFits;
    }

    public OutputRejectionReason Reason { get; }

    /// <summary>The largest upscale whose result would fit, or null when none does (or upscale is not the cause).</summary>
    public int? LargestUpscaleThatFits { get; }
}
