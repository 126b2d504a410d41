using System.CommandLine;
using CodeFormer.Cli.Bench;
using CodeFormer.Cli.Video;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Inference;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>`codeformer bench`: the speed and memory figures the README reports.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var photos = new Option<string>("--photos") { Description = "Folder of whole photos.", DefaultValueFactory = _ => "../shared/data/faces/whole" };
        var golden = new Option<string?>("--golden") { Description = "A golden case folder (case.json + input.png) for the align + paste comparison; empty to skip.", DefaultValueFactory = _ => BenchRunner.DefaultGoldenCase };
        var models = new Option<string[]>("--model") { Description = "CodeFormer ONNX model(s) to time.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["../shared/data/models/codeformer-mini.onnx"] };
        var fullSize = new Option<bool>("--build-full-size") { Description = "Also build the full-size network with rule weights (377 MB, in a temp file) and time it." };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (median reported, after one warm-up).", DefaultValueFactory = _ => 5 };
        var upscale = new Option<int>("--upscale", "-s") { Description = "Upscale factor.", DefaultValueFactory = _ => 2 };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file." };
        var serve = new Option<string?>("--serve") { Description = "Instead: end-to-end latency per photo through serve's web host, over 'folder' (a temporary one) or a storage connection string (Azurite: UseDevelopmentStorage=true); uses the first --model." };
        var scaling = new Option<string?>("--detection-scaling") { Description = "Instead: detection time, faces and peak memory on 12, 24 and 48 MP mosaics of this photo, shrunk to 640 (the old way) and at native resolution." };
        var detector = new Option<DetectorKind>("--detector") { Description = "Detector for --detection-scaling: BlazeFace or YuNet.", DefaultValueFactory = _ => DetectorKind.BlazeFace };
        var detectorModel = new Option<string?>("--detector-model") { Description = "The YuNet ONNX file for --detector yunet (default: the models folder)." };
        var largePaste = new Option<string?>("--large-paste") { Description = "Instead: paste-back alone on the golden case enlarged to WxH (e.g. 4100x2600) at --upscale; time, allocation and peak working set." };
        var networks = new Option<bool>("--networks") { Description = "Instead: time one forward of RetinaFace (both backbones) and ParseNet, built at full size with rule weights." };
        var video = new Option<string?>("--video") { Description = "Instead: frames/s of `restore` on this video (decode → restore → encode, upscale as given) for each --model." };
        var device = new Option<string>("--device") { Description = "With --video: cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var command = new Command("bench", "Measure per-stage time, faces/s and peak memory.") { photos, golden, models, fullSize, runs, upscale, json, serve, scaling, detector, detectorModel, largePaste, networks, video, device };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(video) is { } clip)
            {
                var executionDevice = parse.GetValue(device) == "cuda" ? ExecutionDevice.Cuda : ExecutionDevice.Cpu;
                return VideoBench.Run(AnsiConsole.Console, clip, parse.GetValue(models) ?? [], parse.GetValue(upscale), executionDevice, cancellationToken);
            }

            if (parse.GetValue(networks))
            {
                return NetworkBench.Run(AnsiConsole.Console, Math.Max(1, parse.GetValue(runs)));
            }

            string? goldenCase = parse.GetValue(golden);
            if (!TryParseSize(parse.GetValue(largePaste), out var largeSize))
            {
                Console.Error.WriteLine("error: --large-paste takes WIDTHxHEIGHT, e.g. 4100x2600");
                return 1;
            }

            var settings = new BenchSettings(parse.GetValue(photos)!, string.IsNullOrWhiteSpace(goldenCase) ? null : goldenCase, parse.GetValue(models) ?? [], parse.GetValue(fullSize), Math.Max(1, parse.GetValue(runs)), parse.GetValue(upscale), parse.GetValue(json), parse.GetValue(serve), parse.GetValue(scaling), parse.GetValue(detector), parse.GetValue(detectorModel), largeSize);
            string[] missing = [settings.Photos, .. settings.Models, .. (settings.GoldenCase is null ? [] : new[] { settings.GoldenCase })];
            string? absent = missing.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
            if (absent is not null)
            {
                Console.Error.WriteLine($"error: not found: {absent}");
                return 1;
            }

            return await new BenchRunner(AnsiConsole.Console).RunAsync(settings);
        });
        return command;
    }

    /// <summary>"4100x2600" → (4100, 2600); null or empty → no size.</summary>
    private static bool TryParseSize(string? value, out (int Width, int Height)? size)
    {
        size = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        string[] parts = value.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w > 0 && h > 0)
        {
            size = (w, h);
            return true;
        }

        return false;
    }
}
