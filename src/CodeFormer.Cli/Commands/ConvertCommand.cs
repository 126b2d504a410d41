using System.CommandLine;
using CodeFormer.Network;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Conversion;
using CodeFormer.Network.Parameters;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary><c>codeformer convert codeformer.pth -o codeformer.onnx [--fp16]</c>: the official checkpoint to ONNX, without Python.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "PyTorch checkpoint (.pth) of the released CodeFormer, e.g. codeformer.pth." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "ONNX model to write (default: the checkpoint's name with .onnx)." };
        var fp16 = new Option<bool>("--fp16") { Description = "Store weights as float16 (half the file); inputs, outputs and arithmetic stay float32." };
        var key = new Option<string>("--key") { Description = "Checkpoint entry holding the weights.", DefaultValueFactory = _ => TorchCheckpoint.CodeFormerKey };

        var command = new Command("convert", "Convert the official CodeFormer checkpoint to an ONNX model (opset 17, dynamic batch).") { checkpoint, output, fp16, key };
        command.SetAction((ParseResult result, CancellationToken _) =>
        {
            var source = result.GetValue(checkpoint)!;
            string target = result.GetValue(output)?.FullName ?? Path.ChangeExtension(source.FullName, ".onnx");
            var options = CodeFormerBuildOptions.Released with { Precision = result.GetValue(fp16) ? WeightPrecision.Float16 : WeightPrecision.Float32 };
            return Task.FromResult(Run(source.FullName, target, options, result.GetValue(key)!));
        });
        return command;
    }

    private static int Run(string checkpoint, string target, CodeFormerBuildOptions options, string key)
    {
        try
        {
            var converted = AnsiConsole.Status().Start($"Converting {Markup.Escape(Path.GetFileName(checkpoint))}…", _ => CheckpointConverter.Convert(checkpoint, target, options, key));
            AnsiConsole.MarkupLine(
                $"[green]Wrote[/] {Markup.Escape(converted.ModelPath)}: {converted.TensorCount} tensors, {converted.ValueCount:N0} values, " +
                $"{converted.ModelBytes / 1e6:F1} MB ({options.Precision}) in {converted.Elapsed.TotalSeconds:F1} s.");
            return 0;
        }
        catch (Exception ex) when (ex is CheckpointFormatException or ParameterMismatchException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }
}
