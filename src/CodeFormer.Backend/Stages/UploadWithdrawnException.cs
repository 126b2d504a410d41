using CodeFormer.Core;

namespace CodeFormer.Backend.Stages;

/// <summary>The job's upload was deleted or replaced while the job ran: permanent, and the job ends cancelled, not failed.</summary>
public sealed class UploadWithdrawnException(string message) : PermanentFailureException(message);
