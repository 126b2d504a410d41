using System.Diagnostics;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// infra/hooks/subscribe-uploads.sh run by sh with an `az` and a `curl` on PATH that record their arguments and
/// answer like the real ones would (the real ones need a signed-in Azure account and a deployed app).
/// </summary>
public sealed class SubscribeUploadsHookTests : IDisposable
{
    private const string DataAccountId = "/subscriptions/sub-test/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/stdatatest";

    private readonly string _root = Directory.CreateTempSubdirectory("subscribe-uploads-").FullName;

    public SubscribeUploadsHookTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        WriteTool("az", """
            #!/bin/sh
            echo "$*" >> "$FAKE_AZ_LOG"
            case "$*" in
              *"functionapp show"*) echo "func-cpu-test.azurewebsites.net" ;;
              *"functionapp keys list"*) echo "blob-key" ;;
            esac
            exit 0
            """);
        WriteTool("curl", "#!/bin/sh\nexit 0\n");
    }

    private string Log => Path.Combine(_root, "az.log");

    [Fact]
    public void EveryAzCallNamesAzdsSubscription()
    {
        ProcessResult result = RunHook();

        Assert.Equal(0, result.ExitCode);
        string[] calls = File.ReadAllLines(Log);
        Assert.Equal(3, calls.Length);
        Assert.All(calls, call => Assert.Contains("--subscription sub-test ", call, StringComparison.Ordinal));
    }

    [Fact]
    public void UndeliverableUploadEventsAreRetriedForADayThenDeadLetteredToTheDataAccount()
    {
        ProcessResult result = RunHook();

        Assert.Equal(0, result.ExitCode);
        string create = Assert.Single(File.ReadAllLines(Log), l => l.StartsWith("eventgrid system-topic event-subscription create ", StringComparison.Ordinal));
        Assert.Contains("--max-delivery-attempts 30 --event-ttl 1440 ", create, StringComparison.Ordinal);
        Assert.Contains($"--deadletter-endpoint {DataAccountId}/blobServices/default/containers/uploads-undelivered ", create, StringComparison.Ordinal);
        Assert.DoesNotContain("blob-key", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideAzdItStopsAndSaysHowToRunIt()
    {
        ProcessResult result = RunHook(withAzdEnvironment: false);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("azd hooks run postdeploy", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Log), "az was called outside azd");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteTool(string name, string script)
    {
        string path = Path.Combine(_root, "bin", name);
        File.WriteAllText(path, script.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private ProcessResult RunHook(bool withAzdEnvironment = true)
    {
        var start = new ProcessStartInfo("sh", [RepositoryRoot.File("infra", "hooks", "subscribe-uploads.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PATH"] = $"{Path.Combine(_root, "bin")}:/usr/bin:/bin";
        start.Environment["FAKE_AZ_LOG"] = Log;
        if (withAzdEnvironment)
        {
            start.Environment["AZURE_SUBSCRIPTION_ID"] = "sub-test";
            start.Environment["AZURE_RESOURCE_GROUP"] = "rg-test";
            start.Environment["CPU_FUNCTION_APP_NAME"] = "func-cpu-test";
            start.Environment["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-test";
            start.Environment["UPLOADS_CONTAINER_NAME"] = "uploads";
            start.Environment["DATA_STORAGE_ACCOUNT_ID"] = DataAccountId;
            start.Environment["UPLOAD_EVENTS_DEADLETTER_CONTAINER_NAME"] = "uploads-undelivered";
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the hook did not finish");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
