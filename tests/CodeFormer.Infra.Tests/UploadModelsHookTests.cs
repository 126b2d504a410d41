using System.Diagnostics;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// infra/hooks/upload-models.sh run by sh in a scratch copy of the repository layout, with an `az` on PATH that
/// records its arguments and answers like the Azure CLI would (the real one needs a signed-in Azure account).
/// </summary>
public sealed class UploadModelsHookTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("upload-models-").FullName;

    public UploadModelsHookTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "infra", "hooks"));
        File.Copy(RepositoryRoot.File("infra", "hooks", "upload-models.sh"), Path.Combine(_root, "infra", "hooks", "upload-models.sh"));
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        // Fake az: logs each call; `blob show` prints the size recorded in blob-sizes (or fails: no such blob).
        File.WriteAllText(Path.Combine(_root, "bin", "az"), """
            #!/bin/sh
            echo "$*" >> "$FAKE_AZ_LOG"
            case "$*" in
              *"blob show"*)
                name=$(echo "$*" | sed 's/.*--name \([^ ]*\).*/\1/')
                size=$(grep "^$name " "$FAKE_BLOB_SIZES" 2>/dev/null | cut -d' ' -f2)
                [ -n "$size" ] && echo "$size" && exit 0
                exit 3 ;;
            esac
            exit 0
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(_root, "bin", "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Log => Path.Combine(_root, "az.log");

    [Fact]
    public void WithoutModelsItWarnsWhereToGetThemAndLetsTheDeploymentGoOn()
    {
        ProcessResult result = RunHook();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("codeformer models fetch", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postprovision", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Log), "az was called although there was nothing to upload");
    }

    [Fact]
    public void UploadsEveryModelUnderItsRelativeNameAndSkipsTheOnesAlreadyThere()
    {
        WriteModel("codeformer.onnx", 1000);
        WriteModel("blazeface/face_detection_back_256x256_barracuda.onnx", 300);
        WriteModel("blazeface/face_detection_front_128x128_barracuda.onnx", 200);
        WriteModel("blazeface/LICENSE", 10);
        // Already uploaded with the same size: the detector's back model. Different size: the front model.
        File.WriteAllLines(Path.Combine(_root, "blob-sizes"),
        [
            "blazeface/face_detection_back_256x256_barracuda.onnx 300",
            "blazeface/face_detection_front_128x128_barracuda.onnx 150",
        ]);

        ProcessResult result = RunHook();

        Assert.Equal(0, result.ExitCode);
        var uploads = File.ReadAllLines(Log).Where(l => l.StartsWith("storage blob upload ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, uploads.Count);
        Assert.Contains(uploads, u => u.Contains("--name blazeface/face_detection_front_128x128_barracuda.onnx ", StringComparison.Ordinal));
        Assert.Contains(uploads, u => u.Contains("--name codeformer.onnx ", StringComparison.Ordinal));
        Assert.All(uploads, u =>
        {
            Assert.Contains("--auth-mode login", u, StringComparison.Ordinal);
            Assert.Contains("--account-name stdatatest --container-name models", u, StringComparison.Ordinal);
        });
        Assert.All(File.ReadAllLines(Log), call => Assert.Contains("--subscription sub-test ", call, StringComparison.Ordinal));
    }

    [Fact]
    public void OutsideAzdItStopsAndSaysHowToRunIt()
    {
        ProcessResult result = RunHook(withAzdEnvironment: false);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("azd hooks run postprovision", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteModel(string relativePath, int size)
    {
        string path = Path.Combine(_root, "models", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
    }

    private ProcessResult RunHook(bool withAzdEnvironment = true)
    {
        var start = new ProcessStartInfo("sh", [Path.Combine(_root, "infra", "hooks", "upload-models.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PATH"] = $"{Path.Combine(_root, "bin")}:/usr/bin:/bin";
        start.Environment["HOME"] = Path.Combine(_root, "home");
        start.Environment.Remove("CODEFORMER_MODELS_DIR");
        start.Environment["FAKE_AZ_LOG"] = Log;
        start.Environment["FAKE_BLOB_SIZES"] = Path.Combine(_root, "blob-sizes");
        if (withAzdEnvironment)
        {
            start.Environment["AZURE_SUBSCRIPTION_ID"] = "sub-test";
            start.Environment["DATA_STORAGE_ACCOUNT_NAME"] = "stdatatest";
            start.Environment["MODELS_CONTAINER_NAME"] = "models";
            start.Environment["MODEL_BLOB_NAME"] = "codeformer.onnx";
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the hook did not finish");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
