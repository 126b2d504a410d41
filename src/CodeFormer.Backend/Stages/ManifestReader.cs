using CodeFormer.Backend.Storage;
using CodeFormer.Core;

namespace CodeFormer.Backend.Stages;

/// <summary>Reads a job manifest named by a stage message; a missing or unreadable one is permanent.</summary>
internal static class ManifestReader
{
    public static async Task<JobManifest> ReadAsync(BlobStore blobs, string path, CancellationToken cancellationToken)
    {
        var blob = await blobs.Work.ReadAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"The job manifest {path} is missing.");
        try
        {
            return JobManifest.Parse(blob.Content);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PermanentFailureException($"The job manifest {path} is unreadable: {ex.Message}", ex);
        }
    }
}
