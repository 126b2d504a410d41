using System.CommandLine;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Cli.Commands;

/// <summary>`codeformer inspect-model &lt;path&gt;`: the CodeFormer signature found in a model, or why it does not fit.</summary>
internal static class InspectModelCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "An ONNX model file." };
        var command = new Command("inspect-model", "Print the CodeFormer signature found in an ONNX model.") { path };
        command.SetAction((parse, _) =>
        {
            string file = parse.GetValue(path)!;
            try
            {
                using var restorer = new CodeFormerRestorer(ModelSource.FromFile(file), InferenceOptions.Default);
                Console.WriteLine($"{file}: {restorer.Signature}");
                return Task.FromResult(0);
            }
            catch (Exception ex) when (ex is ModelSignatureException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(1);
            }
        });
        return command;
    }
}
