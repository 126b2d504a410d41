using CodeFormer.Network.Catalog;

namespace CodeFormer.Network.Fetching;

/// <summary>
/// Where <see cref="ModelFetcher"/> downloads a network's checkpoint from (CodeFormer unless <see cref="Network"/>
/// says otherwise) and where the checkpoint, its size/checksum record and the converted ONNX model go.
/// </summary>
public sealed record ModelFetchOptions
{
    /// <summary>The official release checkpoint (sczhou/CodeFormer, GitHub release v0.1.0).</summary>
    public static string OfficialCheckpointUrl => NetworkCatalog.CodeFormer.Url;

    private readonly string? _expectedSha256;
    private readonly Uri? _url;
    private readonly string? _checkpointPath;
    private readonly int _maxAttempts = 5;

    /// <param name="modelPath">Where the ONNX model is written; the checkpoint is kept beside it unless <see cref="CheckpointPath"/> says otherwise.</param>
    public ModelFetchOptions(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ModelPath = Path.GetFullPath(modelPath);
    }

    public string ModelPath { get; }

    /// <summary>The network fetched: its official URL, checkpoint layout and converter.</summary>
    public NetworkInfo Network { get; init; } = NetworkCatalog.CodeFormer;

    public Uri Url
    {
        get => _url ?? new Uri(Network.Url);
        init => _url = value;
    }

    public string CheckpointPath
    {
        get => _checkpointPath ?? Path.Combine(Path.GetDirectoryName(ModelPath)!, Network.CheckpointFileName);
        init => _checkpointPath = Path.GetFullPath(value);
    }

    /// <summary>The size and SHA-256 recorded after the first download, verified on every later run.</summary>
    public string RecordPath => CheckpointPath + ".json";

    /// <summary>Bytes received so far; a later run resumes from here with an HTTP Range request.</summary>
    public string PartialPath => CheckpointPath + ".partial";

    /// <summary>A SHA-256 (64 hex digits) the checkpoint must have; a download that differs is refused and removed.</summary>
    public string? ExpectedSha256
    {
        get => _expectedSha256;
        init => _expectedSha256 = value is null ? null
            : value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant()
            : throw new ArgumentException($"'{value}' is not a SHA-256 (64 hexadecimal digits).");
    }

    /// <summary>Download again even when a checkpoint is already present (and forget its record).</summary>
    public bool Force { get; init; }

    /// <summary>How CodeFormer is built (its architecture and weight precision); other networks use only the precision.</summary>
    public CodeFormerBuildOptions Build { get; init; } = CodeFormerBuildOptions.Released;

    /// <summary>Connection attempts for one fetch; each one after the first resumes where the last stopped.</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one attempt.");
    }

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}
