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

    [Fact]
    public void A_detector_checkpoint_is_recognised_without_network_and_refused_naming_what_is_missing()
    {
        string output = _temp.File("out.onnx");
        var run = CliProcess.Run("convert", SharedData.File("family", "retinaface_resnet50", "tiny_checkpoint_legacy.pth"), "-o", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("RetinaFace ResNet-50", run.Error);
        Assert.Contains("missing (body.layer1.0.conv1.weight", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused_naming_the_tensors_that_do_not_fit()
    {
        string output = _temp.File("out.onnx");
        var run = CliProcess.Run("convert", SharedData.File("family", "retinaface_mobilenet0.25", "tiny_checkpoint.pth"), "-o", output, "--network", "parsenet");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ParseNet", run.Error);
        Assert.Contains("unexpected (body.stage1.0.0.weight", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void An_unknown_network_name_lists_the_known_ones()
    {
        var run = CliProcess.Run("convert", SharedData.File("family", "parsenet", "tiny_checkpoint.pth"), "--network", "yolo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("codeformer, retinaface-resnet50, retinaface-mobilenet0.25, parsenet", run.Error);
    }

    public void Dispose() => _temp.Dispose();
}
