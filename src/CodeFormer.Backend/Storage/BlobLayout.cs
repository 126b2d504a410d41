using System.Globalization;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// Where a job's blobs live. Uploads: <c>uploads/{name}</c>. Work (per-job prefix): <c>work/{jobId}/manifest.json</c>,
/// <c>work/{jobId}/crops/{i}.png</c>, <c>work/{jobId}/restored/{i}.png</c>. Results (per-job prefix too):
/// <c>results/{jobId}/{stem}.{ext}</c> and the JSON report <c>results/{jobId}/{stem}.json</c>, where the stem is the
/// upload's file name without its extension: <c>coll.jpg</c> and <c>coll.png</c> uploaded together never share a
/// result. Every name is a pure function of the job, so a repeated stage overwrites its own output instead of
/// adding a second one.
/// </summary>
public static class BlobLayout
{
    public static string Manifest(string jobId) => $"{jobId}/manifest.json";

    public static string Crop(string jobId, int face) => $"{jobId}/crops/{face.ToString("D3", CultureInfo.InvariantCulture)}.png";

    public static string Restored(string jobId, int face) => $"{jobId}/restored/{face.ToString("D3", CultureInfo.InvariantCulture)}.png";

    public static string Result(string jobId, string uploadName, string extension) => $"{jobId}/{Stem(uploadName)}{extension}";

    public static string Report(string jobId, string uploadName) => $"{jobId}/{Stem(uploadName)}.json";

    private static string Stem(string uploadName)
    {
        string file = uploadName[(uploadName.LastIndexOf('/') + 1)..];
        int dot = file.LastIndexOf('.');
        string stem = dot > 0 ? file[..dot] : file;
        return stem.Length == 0 || stem[0] == '.' ? "result" : stem;
    }
}
