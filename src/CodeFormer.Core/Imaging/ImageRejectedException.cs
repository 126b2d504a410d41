namespace CodeFormer.Core.Imaging;

/// <summary>
/// The single exception <see cref="ImageDecoder"/> throws for bad input: the message is written for the person
/// who uploaded the file, and <see cref="Reason"/> is for code.
/// </summary>
public sealed class ImageRejectedException : PermanentFailureException
{
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public ImageRejectionReason Reason { get; }
}
