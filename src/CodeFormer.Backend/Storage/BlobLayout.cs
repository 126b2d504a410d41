using System.Globalization;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// Where a job's blobs live. Uploads: <c>uploads/{name}</c>. Work (per-job prefix): <c>work/{jobId}/manifest.json</c>,
/// <c>work/{jobId}/crops/{i}.png</c>, <c>work/{jobId}/restored/{i}.png</c>. Results: the upload's name with the
/// chosen format's extension, and the JSON report beside it. Every name is a pure function of the job, so a
/// repeated stage overwrites its own output instead of adding a second one.
/// </summary>
public static class BlobLayout
{
    public static string Manifest(string jobId) => $"{jobId}/manifest.json";

    public static string Crop(string jobId, int face) => $"{jobId}/crops/{face.ToString("D3", CultureInfo.InvariantCulture)}.png";

    public static string Restored(string jobId, int face) => $"{jobId}/restored/{face.ToString("D3", CultureInfo.InvariantCulture)}.png";

    public static string Result(string uploadName, string extension) => Stem(uploadName) + extension;

    public static string Report(string uploadName) => Stem(uploadName) + ".json";

    private static string Stem(string uploadName)
    {
        int slash = uploadName.LastIndexOf('/');
        int dot = uploadName.LastIndexOf('.');
        return dot > slash + 1 ? uploadName[..dot] : uploadName;
    }
}
