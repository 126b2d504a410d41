using System.CommandLine;
using CodeFormer.Core.Restoration;
using CodeFormer.Network;
using CodeFormer.Network.Catalog;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Fetching;
using CodeFormer.Network.Parameters;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>
/// <c>codeformer models fetch [NAME|all]</c>: download official checkpoints once (resumable, size and SHA-256 recorded)
/// and install each as <c>{name}.onnx</c> in the models folder where every host looks; <c>models list</c>: what is there.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"The model to fetch: {NetworkCatalog.Names}, or {NetworkCatalog.AllName}.", DefaultValueFactory = _ => NetworkCatalog.CodeFormerName };
        var url = new Option<string?>("--url") { Description = "Checkpoint to download instead of the official URL (http or https; one model only)." };
        var sha256 = new Option<string?>("--sha256") { Description = "SHA-256 the checkpoint must have (refused otherwise; one model only)." };
        var force = new Option<bool>("--force") { Description = "Download again even if a verified checkpoint is present." };
        var fp16 = new Option<bool>("--fp16") { Description = "Store CodeFormer's weights as float16." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = $"Where to write the model (one model only; default {{models folder}}/{{name}}.onnx, for codeformer {ModelPaths.DefaultModel})." };
        var modelsDir = ModelsDirOption();

        var fetch = new Command("fetch", "Download official checkpoints (resumable, size and SHA-256 recorded and verified) and convert them to ONNX models in the models folder.")
        {
            name, url, sha256, force, fp16, output, modelsDir,
        };
        fetch.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            List<ModelFetchOptions> all;
            try
            {
                all = FetchOptions(result.GetValue(name)!, result.GetValue(url), result.GetValue(sha256), result.GetValue(output)?.FullName, result.GetValue(modelsDir)?.FullName, result.GetValue(force), result.GetValue(fp16));
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 2;
            }

            int failed = 0;
            foreach (var options in all)
            {
                if (all.Count > 1)
                {
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(options.Network.Name)}[/] from {Markup.Escape(options.Url.ToString())}");
                }

                failed += await FetchAsync(options, AnsiConsole.Console, cancellationToken) == 0 ? 0 : 1;
            }

            return failed == 0 ? 0 : 1;
        });

        var listDir = ModelsDirOption();
        var list = new Command("list", "Show the models the folder holds: name, path, size, checkpoint SHA-256, licence.") { listDir };
        list.SetAction((ParseResult result, CancellationToken _) =>
        {
            ListModels(ModelPaths.Folder(result.GetValue(listDir)?.FullName), Console.Out);
            return Task.FromResult(0);
        });

        return new Command("models", "Fetch and list the official models (CodeFormer, RetinaFace, ParseNet).") { fetch, list };
    }

    private static Option<DirectoryInfo?> ModelsDirOption() =>
        new("--models-dir") { Description = $"The models folder (default $CODEFORMER_MODELS, else ~/.codeformer/models; now {ModelPaths.DefaultDirectory})." };

    private static List<ModelFetchOptions> FetchOptions(string name, string? url, string? sha256, string? output, string? modelsDir, bool force, bool fp16)
    {
        bool all = string.Equals(name, NetworkCatalog.AllName, StringComparison.OrdinalIgnoreCase);
        var networks = all ? NetworkCatalog.All.ToList()
            : [NetworkCatalog.Find(name) ?? throw new ArgumentException($"unknown model '{name}'; one of: {NetworkCatalog.Names}, {NetworkCatalog.AllName}.")];
        if (networks.Count > 1 && (url is not null || sha256 is not null || output is not null))
        {
            throw new ArgumentException("--url, --sha256 and --output name one file; use them with one model, not all.");
        }

        if (fp16 && !all && !networks[0].SupportsFloat16)
        {
            throw new ArgumentException($"{networks[0].Title} is built with float32 weights only; fetch it without --fp16.");
        }

        return networks.Select(network =>
        {
            string model = output
                ?? (network == NetworkCatalog.CodeFormer && modelsDir is null ? ModelPaths.DefaultModel : ModelPaths.For(network.Name, modelsDir));
            var options = new ModelFetchOptions(model)
            {
                Network = network,
                ExpectedSha256 = sha256,
                Force = force,
                Build = CodeFormerBuildOptions.Released with { Precision = fp16 && network.SupportsFloat16 ? WeightPrecision.Float16 : WeightPrecision.Float32 },
            };
            return url is null ? options : options with { Url = ParseUrl(url) };
        }).ToList();
    }

    /// <summary>Every catalogued model (installed or not, with how to get it), then any other ONNX file in the folder.</summary>
    internal static void ListModels(string folder, TextWriter output)
    {
        output.WriteLine($"Models folder: {folder}");
        foreach (var network in NetworkCatalog.All)
        {
            string path = ModelPaths.For(network.Name, folder);
            output.WriteLine();
            if (!File.Exists(path))
            {
                output.WriteLine($"{network.Name}: not installed — codeformer models fetch {network.Name}");
            }
            else
            {
                output.WriteLine($"{network.Name}: installed {path} ({new FileInfo(path).Length / 1e6:F1} MB)");
                var record = TryRecord(Path.Combine(folder, network.CheckpointFileName + ".json"));
                output.WriteLine(record is null
                    ? "  checkpoint: no download record (converted by hand or from elsewhere)"
                    : $"  checkpoint: {network.CheckpointFileName} {record.SizeBytes / 1e6:F1} MB, SHA-256 {record.Sha256}, from {record.Url}");
            }

            output.WriteLine($"  {network.Title}: {network.Purpose}");
            output.WriteLine($"  licence: {network.Licence}");
            output.WriteLine($"  source: {network.Url}");
        }

        if (Directory.Exists(folder))
        {
            var known = NetworkCatalog.All.Select(n => n.ModelFileName).ToHashSet(StringComparer.Ordinal);
            foreach (var other in new DirectoryInfo(folder).EnumerateFiles("*.onnx").Where(f => !known.Contains(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                output.WriteLine();
                output.WriteLine($"{Path.GetFileNameWithoutExtension(other.Name)}: {other.FullName} ({other.Length / 1e6:F1} MB), not from the catalogue");
            }
        }
    }

    private static CheckpointRecord? TryRecord(string path)
    {
        try
        {
            return CheckpointRecord.TryRead(path);
        }
        catch (ModelFetchException)
        {
            return null;
        }
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
            console.MarkupLine($"[green]Model ready:[/] {Markup.Escape(options.Network.Name)} → {Markup.Escape(r.Conversion.ModelPath)} ({r.Conversion.TensorCount} tensors, {r.Conversion.ModelBytes / 1e6:F1} MB).");
            return 0;
        }
        catch (Exception ex) when (ex is ModelFetchException or CheckpointFormatException or ParameterMismatchException or NotSupportedException or IOException or UnauthorizedAccessException or HttpRequestException)
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
