using System.CommandLine;
using CodeFormer.Cli.Bench;
using CodeFormer.Core.Inference;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>`codeformer bench-networks`: the colourisation/inpainting networks per face, Real-ESRGAN per megapixel and on a large photo.</summary>
internal static class BenchNetworksCommand
{
    public static Command Create()
    {
        var face = new Option<string>("--face") { Description = "An aligned 512×512 face.", DefaultValueFactory = _ => "../shared/data/faces/aligned/0240.png" };
        var photo = new Option<string>("--photo") { Description = "A photo for Real-ESRGAN per megapixel (also enlarged for the large-photo case).", DefaultValueFactory = _ => "../shared/data/faces/whole/00.jpg" };
        var runs = new Option<int>("--runs") { Description = "Timed runs per measurement (median, after one warm-up).", DefaultValueFactory = _ => 3 };
        var megapixels = new Option<int>("--large-megapixels") { Description = "Size of the large photo for the memory figure.", DefaultValueFactory = _ => 24 };
        var tiles = new Option<int>("--large-tiles") { Description = "Tiles of the large photo to run before stopping (the peak is read after each).", DefaultValueFactory = _ => 3 };
        var tile = new Option<int>("--bg-tile") { Description = "Real-ESRGAN tile size (the official default 400).", DefaultValueFactory = _ => 400 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file." };
        var largeOnly = new Option<bool>("--large-only") { Description = "Only the large-photo memory case." };
        var command = new Command("bench-networks", "Time the colourisation and inpainting networks per face and Real-ESRGAN per megapixel; peak memory of a large photo.")
        {
            face, photo, runs, megapixels, tiles, tile, device, json, largeOnly,
        };
        command.SetAction((parse, _) =>
        {
            var settings = new NetworkBenchSettings(
                parse.GetValue(face)!, parse.GetValue(photo)!, Math.Max(1, parse.GetValue(runs)), parse.GetValue(megapixels), Math.Max(1, parse.GetValue(tiles)), parse.GetValue(tile), parse.GetValue(json),
                parse.GetValue(device) == "cuda" ? ExecutionDevice.Cuda : ExecutionDevice.Cpu, parse.GetValue(largeOnly));
            string? absent = new[] { settings.Face, settings.Photo }.FirstOrDefault(p => !File.Exists(p));
            if (absent is not null)
            {
                Console.Error.WriteLine($"error: not found: {absent}");
                return Task.FromResult(1);
            }

            return Task.FromResult(new NetworkBench(AnsiConsole.Console).Run(settings));
        });
        return command;
    }
}
