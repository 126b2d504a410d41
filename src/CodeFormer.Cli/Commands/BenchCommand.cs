using System.CommandLine;
using CodeFormer.Cli.Bench;
using CodeFormer.Core.Detection;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>`codeformer bench`: the speed and memory figures the README reports.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var photos = new Option<string>("--photos") { Description = "Folder of whole photos.", DefaultValueFactory = _ => "../shared/data/faces/whole" };
        var golden = new Option<string?>("--golden") { Description = "A golden case folder (case.json + input.png) for the align + paste comparison; empty to skip.", DefaultValueFactory = _ => "../shared/data/golden/two_faces_tilted" };
        var models = new Option<string[]>("--model") { Description = "CodeFormer ONNX model(s) to time.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["../shared/data/models/codeformer-mini.onnx"] };
        var fullSize = new Option<bool>("--build-full-size") { Description = "Also build the full-size network with rule weights (377 MB, in a temp file) and time it." };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (median reported, after one warm-up).", DefaultValueFactory = _ => 5 };
        var upscale = new Option<int>("--upscale", "-s") { Description = "Upscale factor.", DefaultValueFactory = _ => 2 };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file." };
        var serve = new Option<string?>("--serve") { Description = "Instead: end-to-end latency per photo through serve's web host, over 'folder' (a temporary one) or a storage connection string (Azurite: UseDevelopmentStorage=true); uses the first --model." };
        var scaling = new Option<string?>("--detection-scaling") { Description = "Instead: detection time, faces and peak memory on 12, 24 and 48 MP mosaics of this photo, shrunk to 640 (the old way) and at native resolution." };
        var detector = new Option<DetectorKind>("--detector") { Description = "Detector for --detection-scaling: BlazeFace or YuNet.", DefaultValueFactory = _ => DetectorKind.BlazeFace };
        var detectorModel = new Option<string?>("--detector-model") { Description = "The YuNet ONNX file for --detector yunet (default: the models folder)." };
        var command = new Command("bench", "Measure per-stage time, faces/s and peak memory.") { photos, golden, models, fullSize, runs, upscale, json, serve, scaling, detector, detectorModel };
        command.SetAction(async (parse, _) =>
        {
            string? goldenCase = parse.GetValue(golden);
            var settings = new BenchSettings(parse.GetValue(photos)!, string.IsNullOrWhiteSpace(goldenCase) ? null : goldenCase, parse.GetValue(models) ?? [], parse.GetValue(fullSize), Math.Max(1, parse.GetValue(runs)), parse.GetValue(upscale), parse.GetValue(json), parse.GetValue(serve), parse.GetValue(scaling), parse.GetValue(detector), parse.GetValue(detectorModel));
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
}
