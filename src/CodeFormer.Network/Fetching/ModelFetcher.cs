using CodeFormer.Network.Catalog;
using CodeFormer.Network.Conversion;

namespace CodeFormer.Network.Fetching;

/// <summary>What a fetch did.</summary>
/// <param name="Downloaded">False when a verified checkpoint was already on disk.</param>
public sealed record FetchResult(string CheckpointPath, long CheckpointBytes, string Sha256, bool Downloaded, ConversionResult Conversion);

/// <summary>
/// First-run set-up: downloads a network's release checkpoint (resumably), records its size and SHA-256 the
/// first time and verifies them on every later run, then converts it to the ONNX model the hosts load.
/// </summary>
public sealed class ModelFetcher(HttpClient http)
{
    /// <exception cref="ModelFetchException">The download failed (resumable by running again).</exception>
    /// <exception cref="ChecksumMismatchException">The checkpoint is not the expected or recorded one.</exception>
    public async Task<FetchResult> FetchAsync(ModelFetchOptions options, IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Force)
        {
            File.Delete(options.CheckpointPath);
            File.Delete(options.PartialPath);
            File.Delete(options.RecordPath);
        }

        var record = CheckpointRecord.TryRead(options.RecordPath);
        bool downloaded = !File.Exists(options.CheckpointPath);
        if (downloaded && record is not null && record.Url != options.Url.ToString())
        {
            record = null; // a record of another file says nothing about this one
        }

        string candidate = options.CheckpointPath;
        if (downloaded)
        {
            await ResumableDownload.RunAsync(http, options, progress, cancellationToken).ConfigureAwait(false);
            candidate = options.PartialPath;
        }

        progress?.Report(new FetchProgress(FetchStage.Verifying, 0, null));
        var (size, sha256) = await CheckpointRecord.MeasureAsync(candidate, cancellationToken).ConfigureAwait(false);
        string? problem = Disagreement(options, record, size, sha256);
        if (problem is not null)
        {
            if (downloaded)
            {
                File.Delete(options.PartialPath); // never resume onto bytes known to be wrong
            }

            throw new ChecksumMismatchException(
                $"The checkpoint {(downloaded ? "downloaded from " + options.Url : "at " + options.CheckpointPath)} {problem}; it was not used" +
                (downloaded ? " and the download was removed." : ". Fetch with --force to download it again."));
        }

        if (downloaded)
        {
            File.Move(options.PartialPath, options.CheckpointPath, overwrite: true);
        }

        if (record is null || downloaded)
        {
            new CheckpointRecord(options.Url.ToString(), size, sha256, DateTimeOffset.UtcNow).Write(options.RecordPath);
        }

        progress?.Report(new FetchProgress(FetchStage.Converting, 0, null));
        var conversion = await Task.Run(
            () => options.Network == NetworkCatalog.CodeFormer
                ? CheckpointConverter.Convert(options.CheckpointPath, options.ModelPath, options.Build)
                : NetworkConverter.Convert(options.Network, options.CheckpointPath, options.ModelPath, options.Build.Precision),
            cancellationToken).ConfigureAwait(false);
        return new FetchResult(options.CheckpointPath, size, sha256, downloaded, conversion);
    }

    private static string? Disagreement(ModelFetchOptions options, CheckpointRecord? record, long size, string sha256)
    {
        if (options.ExpectedSha256 is not null && options.ExpectedSha256 != sha256)
        {
            return $"has SHA-256 {sha256}, not the expected {options.ExpectedSha256}";
        }

        if (record is not null && record.SizeBytes != size)
        {
            return $"is {size} bytes, but {record.SizeBytes} were recorded after the first download";
        }

        if (record is not null && !string.Equals(record.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"has SHA-256 {sha256}, but {record.Sha256} was recorded after the first download";
        }

        return null;
    }
}
