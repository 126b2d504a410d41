using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The JSON report written beside each result: the faces found (box, score and landmarks in the upload's own
/// pixels), the options used, and when each stage finished with how long it took.
/// </summary>
public sealed record JobReport(
    string JobId,
    string Upload,
    string Result,
    int InputWidth,
    int InputHeight,
    int ResultWidth,
    int ResultHeight,
    JobOptions Options,
    IReadOnlyList<JobReport.Face> Faces,
    JobReport.Timings Stages)
{
    public BinaryData ToBinary() => BinaryData.FromObjectAsJson(this, JobManifest.Json);

    public static JobReport Parse(BinaryData json) => json.ToObjectFromJson<JobReport>(JobManifest.Json)
        ?? throw new InvalidDataException("The report is empty.");

    public static JobReport Create(JobRecord job, JobManifest manifest, string resultName, int resultWidth, int resultHeight, DateTimeOffset doneAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(manifest);
        var faces = manifest.Faces.Select(f => new Face(f.Box, f.Score, f.Landmarks)).ToArray();
        var restoredAt = job.RestoredAt ?? job.DetectedAt;
        var timings = new Timings(
            job.CreatedAt, job.DetectedAt, job.RestoredAt, doneAt,
            Milliseconds(job.CreatedAt, job.DetectedAt),
            Milliseconds(job.DetectedAt, job.RestoredAt),
            Milliseconds(restoredAt, doneAt),
            Milliseconds(job.CreatedAt, doneAt));
        return new JobReport(job.JobId, manifest.UploadName, resultName, manifest.Width, manifest.Height, resultWidth, resultHeight, manifest.Options, faces, timings);
    }

    private static double? Milliseconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null ? null : Math.Round((to.Value - from.Value).TotalMilliseconds, 1);

    /// <param name="Box">[left, top, right, bottom] in upload pixels.</param>
    /// <param name="Score">The detector's confidence.</param>
    /// <param name="Landmarks">[[x, y], …] in upload pixels, in the detector's landmark order.</param>
    public sealed record Face(double[] Box, float Score, double[][] Landmarks);

    /// <summary>When each stage finished, and the milliseconds each took (queue waits included).</summary>
    public sealed record Timings(DateTimeOffset Created, DateTimeOffset? Detected, DateTimeOffset? Restored, DateTimeOffset Done, double? DetectMs, double? RestoreMs, double? PasteMs, double? TotalMs);
}
