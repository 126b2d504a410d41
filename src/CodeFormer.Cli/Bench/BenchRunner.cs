using System.Text.Json;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Network;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Parameters;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// Per-stage timings (decode, detect, align, infer, paste, encode), faces/s and peak memory on real photos for
/// each model; the restorer's overhead over a bare <c>InferenceSession.Run</c>; and align + paste on the golden
/// two-face case, the figure the official helper is compared on.
/// </summary>
internal sealed class BenchRunner(IAnsiConsole console)
{
    public async Task<int> RunAsync(BenchSettings settings)
    {
        var report = new Dictionary<string, object>
        {
            ["machine"] = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
        };

        if (settings.Serve is not null)
        {
            string? storage = settings.Serve == "folder" ? null : settings.Serve;
            report["serve"] = await new ServeLatency(console).RunAsync(settings.Photos, settings.Models[0], storage, settings.Runs).ConfigureAwait(false);
            WriteJson(settings, report);
            return 0;
        }

        if (settings.DetectionScaling is not null)
        {
            using var detector = FaceDetectorFactory.Create(settings.Detector, yuNetModelPath: settings.DetectorModel);
            report["detectionScaling"] = new { detector = settings.Detector.ToString(), photo = Path.GetFileName(settings.DetectionScaling), mosaics = new DetectionScaling(console).Run(settings.DetectionScaling, detector) };
            WriteJson(settings, report);
            return 0;
        }

        if (settings.GoldenCase is not null)
        {
            report["alignPaste"] = BenchAlignPaste(settings.GoldenCase, settings.Upscale, Math.Max(settings.Runs, 10));
        }

        var models = settings.Models.ToList();
        string? built = null;
        if (settings.BuildFullSize)
        {
            built = Path.Combine(Path.GetTempPath(), $"codeformer-rule-weights-{Guid.NewGuid():N}.onnx");
            console.MarkupLine("Building the full-size network with rule weights (as the tests do)…");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long bytes = CodeFormerOnnxBuilder.Write(built, RuleWeights.Generate(CodeFormerConfig.Released), CodeFormerBuildOptions.Released);
            console.MarkupLineInterpolated($"  {bytes / 1e6:F0} MB in {clock.Elapsed.TotalSeconds:F1} s");
            models.Add(built);
        }

        try
        {
            var perModel = new List<object>();
            foreach (string model in models)
            {
                perModel.Add(BenchModel(model, settings));
            }

            report["models"] = perModel;
        }
        finally
        {
            if (built is not null)
            {
                File.Delete(built);
            }
        }

        report["peakWorkingSetMb"] = Math.Round(Measure.PeakWorkingSetMb(), 1);
        console.MarkupLineInterpolated($"Peak working set: {Measure.PeakWorkingSetMb():F0} MB");
        WriteJson(settings, report);
        return 0;
    }

    private static void WriteJson(BenchSettings settings, Dictionary<string, object> report)
    {
        if (settings.JsonOutput is not null)
        {
            File.WriteAllText(settings.JsonOutput, JsonSerializer.Serialize(report, RestorationReport.JsonOptions));
        }
    }

    private object BenchAlignPaste(string caseFolder, int upscale, int runs)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseFolder, "case.json")));
        var landmarks = doc.RootElement.GetProperty("landmarks").EnumerateArray()
            .Select(face => new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, face.EnumerateArray().Select(p => new Point2(p[0].GetDouble(), p[1].GetDouble())).ToArray()))
            .ToArray();
        var decoded = new ImageDecoder().Decode(File.ReadAllBytes(Path.Combine(caseFolder, "input.png")));
        var working = WorkingImage.From(decoded.Rgb, decoded.Alpha);
        AlignedCrop[] crops = [];
        double alignMs = Measure.MedianMs(runs, () => crops = landmarks.Select(l => FaceAligner.Align(working.Rgb, l.Scale(working.Scale))).ToArray());
        var faces = crops.Select(c => new PasteFace(c.ImageToCrop, c.Crop, c.Crop)).ToArray();
        var options = new PasteOptions(upscale);
        double pasteMs = Measure.MedianMs(runs, () => FacePaster.Paste(working.Rgb, working.Alpha, faces, options));

        const double officialAlign = 31.6, officialPaste = 222.8;
        double speedup = (officialAlign + officialPaste) / (alignMs + pasteMs);
        var table = new Table().AddColumns("golden case", "align ms", "paste ms", "align+paste ms", "official ms", "speed-up");
        table.AddRow(Path.GetFileName(caseFolder) + $" (s{upscale}, {faces.Length} faces)", F(alignMs), F(pasteMs), F(alignMs + pasteMs), F(officialAlign + officialPaste), $"{speedup:F1}×");
        console.Write(table);
        return new { @case = Path.GetFileName(caseFolder), upscale, faces = faces.Length, alignMs = R(alignMs), pasteMs = R(pasteMs), officialMs = officialAlign + officialPaste, speedup = R(speedup) };
    }

    private object BenchModel(string modelPath, BenchSettings settings)
    {
        console.MarkupLineInterpolated($"[bold]Model[/] {Path.GetFileName(modelPath)}");
        var inference = InferenceOptions.Default;
        using var restorer = new CodeFormerRestorer(ModelSource.FromFile(modelPath), inference);
        using var detector = FaceDetectorFactory.Create(DetectorKind.BlazeFace, DetectionOptions.Default, inference);
        var preparer = new FacePreparer(detector);
        var options = new RestoreOptions(0.5, settings.Upscale);
        var decoder = new ImageDecoder();
        var encode = new EncodeOptions(OutputFormat.Png);

        var table = new Table().AddColumns("photo", "faces", "decode", "detect", "align", "infer", "paste", "encode", "non-network %");
        var rows = new List<object>();
        int totalFaces = 0;
        double totalInfer = 0;
        foreach (string photo in Directory.EnumerateFiles(settings.Photos).Where(IsImage).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(photo);
            DecodedImage decoded = null!;
            double decodeMs = Measure.MedianMs(settings.Runs, () => decoded = decoder.Decode(bytes));
            PreparedImage prepared = null!;
            var detectTimes = new List<double>();
            var alignTimes = new List<double>();
            Measure.MedianMs(settings.Runs, () =>
            {
                prepared = preparer.Prepare(decoded.Rgb, decoded.Alpha, options);
                detectTimes.Add(prepared.DetectTime.TotalMilliseconds);
                alignTimes.Add(prepared.AlignTime.TotalMilliseconds);
            });
            var crops = prepared.Faces.Select(f => f.Crop).ToArray();
            IReadOnlyList<RgbImage> restored = [];
            double inferMs = Measure.MedianMs(settings.Runs, () => restored = restorer.Restore(crops, options.Fidelity));
            PastedImage final = null!;
            double pasteMs = Measure.MedianMs(settings.Runs, () => final = RestorationPipeline.Compose(prepared, restored, options));
            double encodeMs = Measure.MedianMs(settings.Runs, () => ImageEncoder.Encode(final.Rgb, final.Alpha, encode));
            double detectMs = Median(detectTimes), alignMs = Median(alignTimes);
            double rest = decodeMs + detectMs + alignMs + pasteMs + encodeMs;
            double share = inferMs > 0 ? 100 * rest / inferMs : 0;
            totalFaces += crops.Length;
            totalInfer += inferMs;
            table.AddRow(Path.GetFileName(photo), crops.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), F(decodeMs), F(detectMs), F(alignMs), F(inferMs), F(pasteMs), F(encodeMs), $"{share:F1}");
            rows.Add(new { photo = Path.GetFileName(photo), faces = crops.Length, decodeMs = R(decodeMs), detectMs = R(detectMs), alignMs = R(alignMs), inferMs = R(inferMs), pasteMs = R(pasteMs), encodeMs = R(encodeMs), nonNetworkPercentOfNetwork = R(share) });
        }

        console.Write(table);
        double facesPerSecond = totalInfer > 0 ? totalFaces / (totalInfer / 1000) : 0;
        var (wrapped, bare) = NetworkOverhead(restorer, modelPath, settings.Runs);
        console.MarkupLineInterpolated($"  network: {facesPerSecond:F2} faces/s; restorer run {F(wrapped)} ms vs bare InferenceSession.Run {F(bare)} ms ({100 * (wrapped - bare) / bare:+0.0;-0.0}%)");
        return new { model = Path.GetFileName(modelPath), device = restorer.Device.ToString(), signature = restorer.Signature.ToString(), photos = rows, facesPerSecond = R(facesPerSecond), restorerRunMs = R(wrapped), bareSessionRunMs = R(bare), overheadPercent = R(100 * (wrapped - bare) / bare) };
    }

    /// <summary>The restorer's Run against a session of our own, same model and tensor, with nothing around it.</summary>
    private static (double Wrapped, double Bare) NetworkOverhead(CodeFormerRestorer restorer, string modelPath, int runs)
    {
        var input = new float[FaceTensor.FaceLength];
        var random = new Random(1);
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var output = new float[input.Length];
        double wrapped = Measure.MedianMs(runs, () => restorer.Run(input, 1, 0.5, output));

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(modelPath, options);
        var signature = restorer.Signature;
        long[] shape = [1, 3, 512, 512];
        using var inValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outValue = OrtValue.CreateTensorValueFromMemory(output, shape);
        using var weight = signature.Fidelity is { IsDouble: true } ? OrtValue.CreateTensorValueFromMemory(new[] { 0.5 }, [1]) : OrtValue.CreateTensorValueFromMemory(new[] { 0.5f }, [1]);
        string[] inputNames = signature.Fidelity is null ? [signature.ImageInput] : [signature.ImageInput, signature.Fidelity.Name];
        OrtValue[] inputs = signature.Fidelity is null ? [inValue] : [inValue, weight];
        using var runOptions = new RunOptions();
        double bare = Measure.MedianMs(runs, () => session.Run(runOptions, inputNames, inputs, [signature.ImageOutput], [outValue]));
        return (wrapped, bare);
    }

    private static bool IsImage(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp";

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    private static string F(double ms) => ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private static double R(double v) => Math.Round(v, 2);
}
