using System.Text.Json;
using System.Text.Json.Serialization;
using CodeFormer.Backend.Jobs;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// What the detect stage leaves for the later stages under the job's work prefix: the upload it read (by ETag),
/// the geometry needed to paste faces back (working scale, per-face matrices from the working image) and where each face's crop and
/// restored face are. The working image itself is not stored: the paste stage recomputes it from the upload.
/// </summary>
public sealed record JobManifest(
    string JobId,
    string UploadName,
    string UploadETag,
    int Width,
    int Height,
    double WorkingScale,
    bool IsGray,
    JobOptions Options,
    IReadOnlyList<ManifestFace> Faces)
{
    public const int CurrentVersion = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    public int Version { get; init; } = CurrentVersion;

    public BinaryData ToBinary() => BinaryData.FromObjectAsJson(this, Json);

    public static JobManifest Parse(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var manifest = json.ToObjectFromJson<JobManifest>(Json)
            ?? throw new CodeFormer.Core.PermanentFailureException("The job manifest is empty.");
        if (manifest.Version != CurrentVersion)
        {
            throw new CodeFormer.Core.PermanentFailureException($"Job manifest version {manifest.Version} is not supported (this build reads version {CurrentVersion}).");
        }

        return manifest;
    }
}
