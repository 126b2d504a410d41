using CodeFormer.Backend.Storage;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The process's one CodeFormer session, opened on first use: from <see cref="BackendOptions.ModelPath"/> when
/// set, otherwise downloaded once from the models container into a local cache file.
/// </summary>
public sealed class RestorerProvider(BlobStore blobs, BackendOptions options, ILoggerFactory loggers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<RestorerProvider>();
    private CodeFormerRestorer? _restorer;

    public async Task<CodeFormerRestorer> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _restorer) is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_restorer is null)
            {
                var restorer = await OpenAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _restorer, restorer);
            }

            return _restorer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CodeFormerRestorer> OpenAsync(CancellationToken cancellationToken)
    {
        string path = string.IsNullOrWhiteSpace(options.ModelPath) ? $"{blobs.Models.Name}/{options.ModelBlobName}" : options.ModelPath;
        try
        {
            if (string.IsNullOrWhiteSpace(options.ModelPath))
            {
                path = await DownloadAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (!File.Exists(path))
            {
                throw new FileNotFoundException("the file does not exist", path);
            }

            var inference = new InferenceOptions(options.Device);
            var restorer = new CodeFormerRestorer(ModelSource.FromFile(path), inference, new RestorerOptions(options.MaxBatchSize), loggers.CreateLogger<CodeFormerRestorer>());
            _logger.LogInformation("CodeFormer model {Model} open on {Device}, batch {Batch}", path, restorer.Device, restorer.BatchSize);
            return restorer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One line: ONNX Runtime's messages can span several.
            string reason = string.Join(' ', ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new ModelUnavailableException($"The CodeFormer model {path} cannot be used: {reason}", ex);
        }
    }

    private async Task<string> DownloadAsync(CancellationToken cancellationToken)
    {
        var model = await blobs.Models.OpenReadAsync(options.ModelBlobName, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"The model {options.ModelBlobName} is not in the {blobs.Models.Name} container.", options.ModelBlobName);
        await using (model.ConfigureAwait(false))
        {
            string cache = Path.Combine(Path.GetTempPath(), "codeformer-models");
            Directory.CreateDirectory(cache);
            string path = Path.Combine(cache, $"{model.ETag.Trim('"')}-{Path.GetFileName(options.ModelBlobName)}");
            if (!File.Exists(path))
            {
                string partial = path + ".partial";
                var file = File.Create(partial);
                await using (file.ConfigureAwait(false))
                {
                    await model.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, path, overwrite: true);
                _logger.LogInformation("Downloaded model {Blob} ({Bytes} bytes) to {Path}", options.ModelBlobName, model.Length, path);
            }

            return path;
        }
    }

    public void Dispose()
    {
        _restorer?.Dispose();
        _gate.Dispose();
    }
}
