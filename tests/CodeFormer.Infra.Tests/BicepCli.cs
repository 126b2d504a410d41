using System.Diagnostics;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// The real Bicep CLI, fetched from its NuGet package into .tools/bicep by .ci/fetch-bicep (run here when the
/// binary is not there yet, so a plain <c>dotnet test</c> works on a fresh checkout).
/// </summary>
internal sealed class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _executable;

    private BicepCli(string executable) => _executable = executable;

    public static BicepCli FetchIfMissing()
    {
        string executable = RepositoryRoot.File(".tools", "bicep", "bicep");
        if (!File.Exists(executable))
        {
            ProcessResult fetch = Run("bash", [RepositoryRoot.File(".ci", "fetch-bicep")]);
            if (fetch.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException($".ci/fetch-bicep failed ({fetch.ExitCode}):\n{fetch.Output}");
            }
        }

        return new BicepCli(executable);
    }

    public ProcessResult Invoke(params string[] arguments) => Run(_executable, arguments);

    private static ProcessResult Run(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran past {Timeout}.");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
