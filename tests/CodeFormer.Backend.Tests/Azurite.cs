using System.Diagnostics;
using System.Net.Sockets;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Makes sure Azurite answers on 127.0.0.1:10000-10002: uses one that is already running, otherwise starts one
/// with .ci/start-azurite, and fails with the script's output when that does not work.
/// </summary>
public static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    private static readonly Lazy<Task> s_started = new(StartAsync);

    public static Task EnsureRunningAsync() => s_started.Value;

    private static async Task StartAsync()
    {
        if (await AnswersAsync().ConfigureAwait(false))
        {
            return;
        }

        string script = Path.Combine(SharedData.FindRepoRoot(), ".ci", "start-azurite");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash to start Azurite.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0 || !await AnswersAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Azurite is not running and {script} could not start it (exit {process.ExitCode}): {await output.ConfigureAwait(false)} {await errors.ConfigureAwait(false)}");
        }
    }

    private static async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", 10000).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
