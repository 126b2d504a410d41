using System.Diagnostics;
using System.Text.Json;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Upsampling;
using CodeFormer.Network;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Parameters;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>What `bench-networks` measures and where its inputs are.</summary>
internal sealed record NetworkBenchSettings(string Face, string Photo, int Runs, int LargeMegapixels, int LargeTiles, int Tile, string? JsonOutput, ExecutionDevice Device, bool LargeOnly = false);

/// <summary>
/// The paper's other networks timed on their real work: the colourisation and inpainting CodeFormer per aligned
/// face, Real-ESRGAN x2plus per megapixel of photo (official tiling), and the peak memory of upsampling a large
/// photo, which tiling keeps to the two images plus one tile. All built with rule weights (the official
/// checkpoints' exact shapes, hence their exact cost) into a temporary folder.
/// </summary>
internal sealed class NetworkBench(IAnsiConsole console)
{
    public int Run(NetworkBenchSettings settings)
    {
        string folder = Path.Combine(Path.GetTempPath(), "codeformer-bench-networks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var inference = new InferenceOptions(settings.Device);
        var report = new Dictionary<string, object>
        {
            ["machine"] = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, device = settings.Device.ToString() },
        };
        try
        {
            string esrgan = Path.Combine(folder, "realesrgan-x2plus.onnx");
            RealEsrganOnnxBuilder.Write(esrgan, RuleWeights.Generate(RealEsrganParameters.Specs()));
            using (var upsampler = new RealEsrganUpsampler(ModelSource.FromFile(esrgan), inference))
            {
                // First, while nothing else is loaded: the process peak is then the large photo's.
                report["largePhoto"] = LargePhoto(upsampler, settings);
                if (!settings.LargeOnly)
                {
                    report["realesrganX2plus"] = PerMegapixel(upsampler, settings);
                }
            }

            foreach (var (name, config) in settings.LargeOnly ? [] : new[] { ("colorization", CodeFormerConfig.Colorization), ("inpainting", CodeFormerConfig.Inpainting) })
            {
                string model = Path.Combine(folder, $"codeformer-{name}.onnx");
                CodeFormerOnnxBuilder.Write(model, RuleWeights.Generate(config), new CodeFormerBuildOptions(config));
                using var restorer = new CodeFormerRestorer(ModelSource.FromFile(model), inference);
                var face = new ImageDecoder().Decode(File.ReadAllBytes(settings.Face)).Rgb;
                double ms = Measure.MedianMs(settings.Runs, () => restorer.Restore([face], 0));
                console.MarkupLineInterpolated($"codeformer-{name}: {ms:F0} ms per face ({restorer.Device})");
                report[$"codeformer{char.ToUpperInvariant(name[0])}{name[1..]}"] = new { msPerFace = Math.Round(ms, 1), device = restorer.Device.ToString() };
                File.Delete(model);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        if (settings.JsonOutput is not null)
        {
            File.WriteAllText(settings.JsonOutput, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    private object PerMegapixel(RealEsrganUpsampler upsampler, NetworkBenchSettings settings)
    {
        var photo = new ImageDecoder().Decode(File.ReadAllBytes(settings.Photo)).Rgb;
        var options = new UpsamplerOptions(settings.Tile);
        double ms = Measure.MedianMs(settings.Runs, () => upsampler.Enhance(photo, null, options));
        double megapixels = photo.Width * photo.Height / 1e6;
        console.MarkupLineInterpolated($"realesrgan-x2plus: {photo.Width}×{photo.Height} in {ms:F0} ms → {ms / megapixels / 1000:F1} s per input megapixel (tile {settings.Tile}, {upsampler.Device})");
        return new { photo = Path.GetFileName(settings.Photo), width = photo.Width, height = photo.Height, tile = settings.Tile, ms = Math.Round(ms, 1), secondsPerMegapixel = Math.Round(ms / megapixels / 1000, 2), device = upsampler.Device.ToString() };
    }

    /// <summary>
    /// A photo of <see cref="NetworkBenchSettings.LargeMegapixels"/> MP (the shared photo enlarged) upsampled ×2 with
    /// the official tiles; after <see cref="NetworkBenchSettings.LargeTiles"/> tiles the run is stopped (the whole
    /// photo takes hours on a CPU). The peak working set is read after each tile: flat from the first tile on means
    /// the rest of the photo adds nothing.
    /// </summary>
    private object LargePhoto(RealEsrganUpsampler upsampler, NetworkBenchSettings settings)
    {
        var source = new ImageDecoder().Decode(File.ReadAllBytes(settings.Photo)).Rgb;
        int width = (int)Math.Round(Math.Sqrt(settings.LargeMegapixels * 1e6 * 3 / 2)), height = width * 2 / 3;
        var large = BilinearResize.Resize(source, width, height);
        double beforeMb = Measure.PeakWorkingSetMb();
        var peaks = new List<double>();
        var tileMs = new List<double>();
        int total = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        try
        {
            upsampler.Enhance(large, null, new UpsamplerOptions(settings.Tile), cancellationToken: stop.Token, tileDone: (done, all) =>
            {
                total = all;
                tileMs.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                peaks.Add(Math.Round(Measure.PeakWorkingSetMb(), 1));
                console.MarkupLineInterpolated($"  tile {done}/{all}: peak working set {peaks[^1]:F0} MB");
                if (done >= settings.LargeTiles)
                {
                    stop.Cancel();
                }
            });
        }
        catch (OperationCanceledException)
        {
        }

        double perTile = tileMs.Count > 1 ? tileMs.Skip(1).Average() : tileMs.Average();
        console.MarkupLineInterpolated($"realesrgan-x2plus on {width}×{height} ({width * (double)height / 1e6:F1} MP) ×2: peak {peaks.Max():F0} MB (images {(3.0 * width * height * 5) / (1 << 20):F0} MB), {total} tiles of ~{perTile / 1000:F1} s → ~{total * perTile / 60000:F0} min in all");
        return new
        {
            width,
            height,
            megapixels = Math.Round(width * (double)height / 1e6, 1),
            tile = settings.Tile,
            tilesRun = peaks.Count,
            tilesInAll = total,
            peakBeforeMb = Math.Round(beforeMb, 1),
            peakAfterEachTileMb = peaks,
            imagesMb = Math.Round(3.0 * width * height * 5 / (1 << 20), 1),
            secondsPerTile = Math.Round(perTile / 1000, 2),
            device = upsampler.Device.ToString(),
        };
    }
}
