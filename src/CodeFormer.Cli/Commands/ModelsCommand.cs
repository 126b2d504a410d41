using System.CommandLine;
using CodeFormer.Core.Restoration;
using CodeFormer.Network;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Fetching;
using CodeFormer.Network.Parameters;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary><c>codeformer models fetch</c>: download the release checkpoint once and install the ONNX model where every host looks.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Checkpoint to download (http or https).", DefaultValueFactory = _ => ModelFetchOptions.OfficialCheckpointUrl };
        var sha256 = new Option<string?>("--sha256") { Description = "SHA-256 the checkpoint must have (refused otherwise)." };
        var force = new Option<bool>("--force") { Description = "Download again even if a verified checkpoint is present." };
        var fp16 = new Option<bool>("--fp16") { Description = "Store the model's weights as float16." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = $"Where to write the model (default {ModelPaths.DefaultModel})." };

        var fetch = new Command("fetch", "Download the official CodeFormer checkpoint (resumable, checksum recorded and verified) and convert it to the default ONNX model.")
        {
            url, sha256, force, fp16, output,
        };
        fetch.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            ModelFetchOptions options;
            try
            {
                options = new ModelFetchOptions(result.GetValue(output)?.FullName ?? ModelPaths.DefaultModel)
                {
                    Url = ParseUrl(result.GetValue(url)!),
                    ExpectedSha256 = result.GetValue(sha256),
                    Force = result.GetValue(force),
                    Build = CodeFormerBuildOptions.Released with { Precision = result.GetValue(fp16) ? WeightPrecision.Float16 : WeightPrecision.Float32 },
                };
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 2;
            }

            return await FetchAsync(options, AnsiConsole.Console, cancellationToken);
        });

        var models = new Command("models", "Manage the CodeFormer model.") { fetch };
        return models;
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ArgumentException($"'{text}' is not an http(s) URL.");

    /// <summary>Options that install the official model at <see cref="ModelPaths.DefaultModel"/> (what <c>restore --fetch-model</c> uses).</summary>
    public static ModelFetchOptions DefaultOptions() => new(ModelPaths.DefaultModel);

    /// <summary>Fetches and converts with a progress bar; returns the exit code (0, or 1 with a one-line reason on stderr).</summary>
    public static async Task<int> FetchAsync(ModelFetchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("codeformer-cli/1.0");
        try
        {
            FetchResult? fetched = null;
            if (!console.Profile.Capabilities.Interactive)
            {
                // Piped or logged output: one line per stage instead of a redrawn bar.
                fetched = await new ModelFetcher(http).FetchAsync(options, new LineProgress(console), cancellationToken);
            }
            else
            {
                await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var download = context.AddTask("Downloading checkpoint", autoStart: true, maxValue: 1);
                        var progress = new BarProgress(download, context);
                        fetched = await new ModelFetcher(http).FetchAsync(options, progress, cancellationToken);
                        progress.Finish();
                    });
            }

            var r = fetched!;
            console.MarkupLine($"Checkpoint {Markup.Escape(r.CheckpointPath)} ({r.CheckpointBytes / 1e6:F1} MB, SHA-256 {r.Sha256}){(r.Downloaded ? string.Empty : " verified against its record")}.");
            console.MarkupLine($"[green]Model ready:[/] {Markup.Escape(r.Conversion.ModelPath)} ({r.Conversion.TensorCount} tensors, {r.Conversion.ModelBytes / 1e6:F1} MB).");
            return 0;
        }
        catch (Exception ex) when (ex is ModelFetchException or CheckpointFormatException or ParameterMismatchException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Writes a line when a stage starts (and one when the download's total is known).</summary>
    private sealed class LineProgress(IAnsiConsole console) : IProgress<FetchProgress>
    {
        private FetchStage? _stage;

        public void Report(FetchProgress value)
        {
            if (value.Stage == _stage)
            {
                return;
            }

            _stage = value.Stage;
            console.WriteLine(value.Stage switch
            {
                FetchStage.Downloading => value.TotalBytes is long total
                    ? $"Downloading checkpoint ({total / 1e6:F1} MB{(value.Bytes > 0 ? $", resuming at {value.Bytes / 1e6:F1} MB" : string.Empty)})…"
                    : "Downloading checkpoint…",
                FetchStage.Verifying => "Verifying size and SHA-256…",
                _ => "Converting to ONNX…",
            });
        }
    }

    /// <summary>Maps fetch stages onto Spectre progress tasks, synchronously (ProgressTask is thread-safe).</summary>
    private sealed class BarProgress(ProgressTask download, ProgressContext context) : IProgress<FetchProgress>
    {
        private ProgressTask? _stage;

        public void Report(FetchProgress value)
        {
            if (value.Stage == FetchStage.Downloading)
            {
                download.MaxValue = value.TotalBytes ?? Math.Max(value.Bytes, 1);
                download.Value = value.Bytes;
                return;
            }

            download.Value = download.MaxValue;
            download.StopTask();
            _stage?.StopTask();
            _stage = context.AddTask(value.Stage == FetchStage.Verifying ? "Verifying size and SHA-256" : "Converting to ONNX", autoStart: true, maxValue: 1);
            _stage.IsIndeterminate = true;
        }

        public void Finish()
        {
            download.StopTask();
            if (_stage is not null)
            {
                _stage.IsIndeterminate = false;
                _stage.Value = _stage.MaxValue;
                _stage.StopTask();
            }
        }
    }
}
