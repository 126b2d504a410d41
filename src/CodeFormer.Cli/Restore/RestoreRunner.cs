using System.Diagnostics;
using System.Text.Json;
using CodeFormer.Cli.Video;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Parsing;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using Spectre.Console;

namespace CodeFormer.Cli.Restore;

/// <summary>Restores one file or every image in a folder, writing the official layout and a report.</summary>
internal sealed class RestoreRunner(IAnsiConsole console)
{
    private static readonly string[] s_imageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"];

    public int Run(RestoreSettings settings, CancellationToken cancellationToken)
    {
        bool isFolder = Directory.Exists(settings.Input);
        if (!isFolder && !File.Exists(settings.Input))
        {
            return Fail($"input not found: {settings.Input}");
        }

        if (!isFolder && VideoSettings.IsVideo(settings.Input))
        {
            return new VideoRestoreRunner(console).Run(settings, settings.Video ?? VideoSettings.Default, cancellationToken);
        }

        if (isFolder && settings.LandmarksFile is not null)
        {
            return Fail("--landmarks applies to a single input file, not a folder");
        }

        string[] inputs = isFolder
            ? Directory.EnumerateFiles(settings.Input).Where(f => s_imageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToArray()
            : [settings.Input];
        if (inputs.Length == 0)
        {
            return Fail($"no images in {settings.Input}");
        }

        IReadOnlyList<FaceLandmarks>? knownFaces;
        try
        {
            knownFaces = settings.LandmarksFile is null ? null : LandmarksFile.Read(settings.LandmarksFile);
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return Fail(ex.Message);
        }

        var inference = new InferenceOptions(settings.Device);
        using var restorer = OpenRestorer(settings, inference, out string? modelError);
        if (restorer is null)
        {
            return Fail(modelError!);
        }

        bool needsDetector = !settings.Options.HasAligned && knownFaces is null;
        IFaceDetector? detector = null;
        FaceParser? parser = null;
        string? detectorName = null;
        try
        {
            if (needsDetector)
            {
                var (kind, note) = ChooseDetector(settings);
                detectorName = DetectorNames.Of(kind);
                detector = FaceDetectorFactory.Create(kind, DetectionOptions.Default, inference, StderrWarnings.Instance, settings.DetectorModel);
                Console.WriteLine(note);
            }

            if (!settings.Options.HasAligned)
            {
                var (parseModel, note) = ChooseParseModel(settings);
                parser = parseModel is null ? null : new FaceParser(ModelSource.FromFile(parseModel), inference, StderrWarnings.Instance);
                Console.WriteLine(note);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or IncompatibleModelException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            detector?.Dispose();
            return Fail(ex.Message);
        }

        using var ownedDetector = detector;
        using var ownedParser = parser;
        var pipeline = new RestorationPipeline(new FacePreparer(detector, detectorName: detectorName), restorer, parser);
        var outputs = new RestoreOutputs(settings.OutputDirectory, settings.Format);
        var decoder = new ImageDecoder();
        var reports = new List<RestorationReport>();
        var failures = new List<(string Input, string Reason)>();

        void RestoreOne(string input)
        {
            try
            {
                reports.Add(RestoreFile(input, decoder, pipeline, outputs, settings.Options, knownFaces, cancellationToken));
            }
            catch (Exception ex) when (ex is ImageRejectedException or IOException or UnauthorizedAccessException or ModelSignatureException)
            {
                failures.Add((input, ex.Message));
            }
        }

        if (isFolder)
        {
            console.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"Restoring {inputs.Length} images", maxValue: inputs.Length);
                foreach (string input in inputs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    task.Description = Markup.Escape(Path.GetFileName(input));
                    RestoreOne(input);
                    task.Increment(1);
                }
            });
        }
        else
        {
            RestoreOne(inputs[0]);
        }

        WriteReport(outputs.Report, reports, failures);
        foreach (var report in reports)
        {
            console.MarkupLineInterpolated($"[green]✓[/] {Path.GetFileName(report.Input)}: {report.Faces.Count} face(s), {report.Timings.TotalMs:F0} ms");
        }

        foreach (var (input, reason) in failures)
        {
            console.MarkupLineInterpolated($"[red]✗[/] {Path.GetFileName(input)}: {reason}");
        }

        console.MarkupLineInterpolated($"Results in {Path.GetFullPath(settings.OutputDirectory)} (device: {restorer.Device})");
        if (failures.Count > 0)
        {
            Console.Error.WriteLine(isFolder ? $"error: {failures.Count} of {inputs.Length} inputs failed (listed above)" : $"error: {failures[0].Reason}");
            return 1;
        }

        return 0;
    }

    private static RestorationReport RestoreFile(
        string input, ImageDecoder decoder, RestorationPipeline pipeline, RestoreOutputs outputs, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var decoded = decoder.Decode(File.ReadAllBytes(input));
        double decodeMs = clock.Elapsed.TotalMilliseconds;
        var result = pipeline.Run(Path.GetFileName(input), decoded.Rgb, decoded.Alpha, options, knownFaces, decodeMs, cancellationToken);
        var encode = outputs.Write(Path.GetFileNameWithoutExtension(input), result);
        return result.Report with { Timings = result.Report.Timings with { EncodeMs = encode.TotalMilliseconds } };
    }

    /// <summary>The detector asked for, or the official default when installed; and the line saying which runs.</summary>
    private static (DetectorKind Kind, string Note) ChooseDetector(RestoreSettings settings)
    {
        if (settings.Detector is DetectorKind kind)
        {
            if (kind == DetectorKind.BlazeFace && settings.DetectorModel is not null)
            {
                throw new ArgumentException("blazeface is embedded and takes no --detector-model");
            }

            return (kind, $"detector: {DetectorNames.Of(kind)}{(settings.DetectorModel is null ? "" : $" ({settings.DetectorModel})")}");
        }

        // A model file without a detector name is the official default's.
        return settings.DetectorModel is not null
            ? (DetectorKind.RetinaFaceResNet50, $"detector: {DetectorNames.RetinaFaceResNet50} ({settings.DetectorModel})")
            : DefaultDetector.Choose();
    }

    /// <summary>The ParseNet file to use (null: none) and the line saying whether the parse masks are on.</summary>
    private static (string? Path, string Note) ChooseParseModel(RestoreSettings settings)
    {
        if (settings.NoParse)
        {
            return (null, "parse masks: off (--no-parse)");
        }

        if (settings.ParseModel is not null)
        {
            return (settings.ParseModel, $"parse masks: on ({settings.ParseModel})");
        }

        string installed = Path.Combine(ModelPaths.DefaultDirectory, FaceParser.DefaultModelFileName);
        return File.Exists(installed)
            ? (installed, $"parse masks: on ({installed}), the official default")
            : (null, $"parse masks: off; ParseNet is not installed in {ModelPaths.DefaultDirectory}: `codeformer models fetch parsenet` gets it");
    }

    internal static CodeFormerRestorer? OpenRestorer(RestoreSettings settings, InferenceOptions inference, out string? error)
    {
        error = null;
        if (!File.Exists(settings.ModelPath))
        {
            error = $"no CodeFormer model at {settings.ModelPath}: run `codeformer models fetch` (downloads the official release and converts it), pass --model, or add --fetch-model";
            return null;
        }

        try
        {
            int batch = settings.Device == ExecutionDevice.Cuda ? 8 : 1;
            return new CodeFormerRestorer(ModelSource.FromFile(settings.ModelPath), inference, new RestorerOptions(batch), StderrWarnings.Instance);
        }
        catch (ModelSignatureException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static void WriteReport(string path, List<RestorationReport> reports, List<(string Input, string Reason)> failures)
    {
        var document = new
        {
            inputs = reports,
            failures = failures.Select(f => new { input = f.Input, reason = f.Reason }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, RestorationReport.JsonOptions));
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine($"error: {reason}");
        return 1;
    }
}
