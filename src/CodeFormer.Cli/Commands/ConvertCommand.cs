using System.CommandLine;
using CodeFormer.Network;
using CodeFormer.Network.Catalog;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Conversion;
using CodeFormer.Network.Parameters;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>
/// <c>codeformer convert FILE.pth -o OUT.onnx [--network NAME] [--fp16]</c>: an official checkpoint (CodeFormer,
/// RetinaFace, ParseNet) to ONNX, without Python; the network is recognised from the checkpoint's names when not given.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "PyTorch checkpoint (.pth) as released, e.g. codeformer.pth or detection_Resnet50_Final.pth." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "ONNX model to write (default: the checkpoint's name with .onnx)." };
        var network = new Option<string?>("--network", "-n") { Description = $"The network the checkpoint holds ({NetworkCatalog.Names}); recognised from its tensor names when left out." };
        var fp16 = new Option<bool>("--fp16") { Description = "Store weights as float16 (half the file; CodeFormer only); inputs, outputs and arithmetic stay float32." };
        var key = new Option<string>("--key") { Description = "CodeFormer only: the checkpoint entry holding the weights.", DefaultValueFactory = _ => TorchCheckpoint.CodeFormerKey };

        var command = new Command("convert", "Convert an official checkpoint (CodeFormer, RetinaFace, ParseNet) to an ONNX model (opset 17, dynamic batch).") { checkpoint, output, network, fp16, key };
        command.SetAction((ParseResult result, CancellationToken _) =>
        {
            var source = result.GetValue(checkpoint)!;
            string target = result.GetValue(output)?.FullName ?? Path.ChangeExtension(source.FullName, ".onnx");
            var precision = result.GetValue(fp16) ? WeightPrecision.Float16 : WeightPrecision.Float32;
            return Task.FromResult(Run(source.FullName, target, result.GetValue(network), precision, result.GetValue(key)!));
        });
        return command;
    }

    private static int Run(string checkpoint, string target, string? networkName, WeightPrecision precision, string key)
    {
        try
        {
            NetworkInfo? network = null;
            if (networkName is not null)
            {
                network = NetworkCatalog.Find(networkName);
                if (network is null)
                {
                    Console.Error.WriteLine($"error: unknown network '{networkName}'; one of: {NetworkCatalog.Names}.");
                    return 2;
                }
            }

            if (!File.Exists(checkpoint))
            {
                throw new FileNotFoundException($"Checkpoint not found: {checkpoint}", checkpoint);
            }

            network ??= NetworkCatalog.Recognise(TorchCheckpoint.ReadLayout(checkpoint), Path.GetFileName(checkpoint));
            var converted = AnsiConsole.Status().Start(
                $"Converting {Markup.Escape(Path.GetFileName(checkpoint))} ({Markup.Escape(network.Title)})…",
                _ => network == NetworkCatalog.CodeFormer
                    ? CheckpointConverter.Convert(checkpoint, target, CodeFormerBuildOptions.Released with { Precision = precision }, key)
                    : NetworkConverter.Convert(network, checkpoint, target, precision));
            AnsiConsole.MarkupLine(
                $"[green]Wrote[/] {Markup.Escape(converted.ModelPath)} ({Markup.Escape(network.Name)}): {converted.TensorCount} tensors, {converted.ValueCount:N0} values, " +
                $"{converted.ModelBytes / 1e6:F1} MB ({precision}) in {converted.Elapsed.TotalSeconds:F1} s.");
            return 0;
        }
        catch (Exception ex) when (ex is CheckpointFormatException or ParameterMismatchException or NotSupportedException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }
}
