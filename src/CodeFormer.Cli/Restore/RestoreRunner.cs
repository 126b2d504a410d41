using System.Diagnostics;
using System.Text.Json;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Inpainting;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Upsampling;
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

        RealEsrganUpsampler? upsampler = null;
        if (settings.Options.BackgroundUpsampling is not null && !settings.Options.HasAligned)
        {
            if (settings.BackgroundModel is null || !File.Exists(settings.BackgroundModel))
            {
                return Fail($"no Real-ESRGAN model at {settings.BackgroundModel}: convert RealESRGAN_x2plus.pth with `codeformer convert FILE.pth --network realesrgan-x2plus`, or pass --bg-model");
            }

            try
            {
                upsampler = new RealEsrganUpsampler(ModelSource.FromFile(settings.BackgroundModel), inference, StderrWarnings.Instance);
            }
            catch (Exception ex) when (ex is ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                return Fail($"{settings.BackgroundModel} is not a usable Real-ESRGAN model: {ex.Message}");
            }
        }

        using var ownedUpsampler = upsampler;
        bool needsDetector = !settings.Options.HasAligned && knownFaces is null;
        IFaceDetector? detector;
        try
        {
            detector = needsDetector ? FaceDetectorFactory.Create(settings.Detector, DetectionOptions.Default, inference, StderrWarnings.Instance, settings.DetectorModel) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or IncompatibleModelException)
        {
            return Fail(ex.Message);
        }

        using var ownedDetector = detector;
        var pipeline = new RestorationPipeline(new FacePreparer(detector), restorer, upsampler);
        var outputs = new RestoreOutputs(settings.OutputDirectory, settings.Format);
        var decoder = new ImageDecoder();
        var reports = new List<RestorationReport>();
        var failures = new List<(string Input, string Reason)>();

        void RestoreOne(string input)
        {
            try
            {
                reports.Add(RestoreFile(input, decoder, pipeline, outputs, settings.Options, knownFaces, settings.MaskFile, cancellationToken));
            }
            catch (Exception ex) when (ex is ImageRejectedException or IOException or UnauthorizedAccessException or ModelSignatureException or MaskRejectedException)
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
        string input, ImageDecoder decoder, RestorationPipeline pipeline, RestoreOutputs outputs, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces, string? maskFile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var decoded = decoder.Decode(File.ReadAllBytes(input));
        var mask = maskFile is null ? null : ReadMask(maskFile, decoder, decoded.Width, decoded.Height);
        double decodeMs = clock.Elapsed.TotalMilliseconds;
        var result = pipeline.Run(Path.GetFileName(input), decoded.Rgb, decoded.Alpha, options, knownFaces, decodeMs, cancellationToken, mask);
        var encode = outputs.Write(Path.GetFileNameWithoutExtension(input), result);
        return result.Report with { Timings = result.Report.Timings with { EncodeMs = encode.TotalMilliseconds } };
    }

    private static FillMask ReadMask(string path, ImageDecoder decoder, int width, int height)
    {
        try
        {
            return FillMask.For(decoder.Decode(File.ReadAllBytes(path)).Rgb, width, height);
        }
        catch (ImageRejectedException ex)
        {
            throw new MaskRejectedException($"the mask {path} is not a usable image: {ex.Message}", ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new MaskRejectedException($"the mask {path} does not exist", ex);
        }
    }

    private static CodeFormerRestorer? OpenRestorer(RestoreSettings settings, InferenceOptions inference, out string? error)
    {
        error = null;
        if (!File.Exists(settings.ModelPath))
        {
            error = settings.Options.Task == FaceTask.Restore
                ? $"no CodeFormer model at {settings.ModelPath}: run `codeformer models fetch` (downloads the official release and converts it), pass --model, or add --fetch-model"
                : $"no {settings.Options.Task.ToString().ToLowerInvariant()} model at {settings.ModelPath}: convert codeformer_{(settings.Options.Task == FaceTask.Colorize ? "colorization" : "inpainting")}.pth with `codeformer convert FILE.pth --network codeformer-{(settings.Options.Task == FaceTask.Colorize ? "colorization" : "inpainting")}`, or pass --model";
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
