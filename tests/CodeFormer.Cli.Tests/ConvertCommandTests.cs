using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer convert` on checkpoints that are not the released network: a clear refusal, no file written.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_checkpoint_missing_tensors_is_refused_naming_what_is_missing()
    {
        // A real torch.save file holding only the first six of the 515 tensors.
        string output = _temp.File("out.onnx");
        var run = CliProcess.Run("convert", SharedData.File("network", "tiny_checkpoint.pth"), "-o", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("missing", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused()
    {
        string output = _temp.File("out.onnx");
        var run = CliProcess.Run("convert", SharedData.File("faces", "whole", "04.jpg"), "-o", output);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error:", run.Error.Trim());
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _temp.Dispose();
}
