using System.Diagnostics;

namespace CodeFormer.Cli.Tests;

/// <summary>Runs the real `codeformer` program (the built CLI beside the tests) and captures what it prints.</summary>
internal static class CliProcess
{
    public static CliRun Run(params string[] args) => RunWithModels(Path.Combine(Path.GetTempPath(), "codeformer-cli-tests-models"), args);

    /// <summary>The same with <paramref name="modelsDirectory"/> as the models folder (where `models fetch` installs).</summary>
    public static CliRun RunWithModels(string modelsDirectory, params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "codeformer.dll");
        Assert.True(File.Exists(cli), $"CLI not built next to the tests: {cli}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(cli);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // Keep a test run from touching the user's real model folder.
        start.Environment["CODEFORMER_MODELS"] = modelsDirectory;
        start.Environment["CODEFORMER_MODELS_DIR"] = modelsDirectory;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "codeformer did not finish within 5 minutes");
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error);
