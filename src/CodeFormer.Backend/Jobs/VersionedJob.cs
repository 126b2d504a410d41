namespace CodeFormer.Backend.Jobs;

/// <summary>A job as read from an <see cref="IJobTable"/>, with the version a conditional write must name.</summary>
public sealed record VersionedJob(JobRecord Job, string Version);
