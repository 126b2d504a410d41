using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// The GPU image's build stage, run here without Docker: the build context is assembled from what a clean clone
/// holds minus what Dockerfile.dockerignore leaves out, the stage's COPY instructions are applied to a scratch root,
/// and its RUN command runs there with the stage's absolute paths under that root and with no npm on PATH (the
/// .NET SDK image has none). A file the build needs that neither a clone nor the Dockerfile provides fails it here
/// as it would fail `azd deploy`.
/// </summary>
public sealed partial class GpuImageBuildTests : IDisposable
{
    // What the Dockerfile's earlier stages may run, and where their output is here: the same script .ci/setup runs,
    // whose output this checkout already has (running it again would need the network).
    private static readonly Dictionary<string, string> KnownStageScripts = new()
    {
        ["bash .ci/fetch-blazeface"] = ".models/blazeface",
    };

    // The one part of the stage that cannot run here: the Service Bus host extension restores from nuget.org, which
    // this machine's package mirror does not carry (README: "The Service Bus trigger without its extension
    // package"; FunctionMetadataTests checks its registration under publish). Everything else runs as written.
    private static readonly Dictionary<string, string> OfflineSubstitutes = new()
    {
        ["-p:RegisterServiceBusExtension=true"] = "-p:RegisterServiceBusExtension=false",
    };

    private readonly string _scratch = Directory.CreateTempSubdirectory("gpu-image-").FullName;
    private readonly Dockerfile _dockerfile = new(RepositoryRoot.File("src", "CodeFormer.Functions.Gpu", "Dockerfile"));
    private readonly DockerIgnore _ignore = new(RepositoryRoot.File("src", "CodeFormer.Functions.Gpu", "Dockerfile.dockerignore"));

    [Theory]
    [InlineData("src/CodeFormer.Core/CodeFormer.Core.csproj", true)]
    [InlineData(".ci/fetch-blazeface", true)]
    [InlineData(".models/blazeface/face_detection_back_256x256_barracuda.onnx", false)]
    [InlineData("src/CodeFormer.Core/bin/Release/net10.0/CodeFormer.Core.dll", false)]
    [InlineData("models/codeformer.onnx", false)]
    [InlineData("src/x/model.onnx", false)]
    [InlineData(".git/config", false)]
    public void IgnoreFileIsReadAsDockerReadsIt(string path, bool sent)
    {
        Assert.Equal(sent, _ignore.Allows(path));
    }

    [Fact]
    public void BuildStagePublishesTheAppFromACleanCloneWithoutNpmForLinuxX64Only()
    {
        string context = AssembleContext();
        Assert.False(Directory.Exists(Path.Combine(context, ".models")), "the context should not carry the models");
        string root = Path.Combine(_scratch, "build-stage");
        string workdir = "/";
        ProcessResult? publish = null;

        foreach (Dockerfile.Instruction instruction in _dockerfile.Named("build").Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = instruction.Arguments;
                    break;
                case "COPY":
                    Copy(instruction.Arguments, context, Under(root, workdir));
                    break;
                case "RUN":
                    publish = Run(instruction.Arguments, root, Under(root, workdir));
                    Assert.True(publish.ExitCode == 0, $"`{instruction.Arguments}` failed ({publish.ExitCode}):\n{Tail(publish.Output)}");
                    break;
                default:
                    throw new InvalidOperationException($"The test does not know {instruction.Keyword} in the build stage.");
            }
        }

        Assert.NotNull(publish);
        string output = Under(root, "/home/site/wwwroot");
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).ToList();
        Assert.Contains("CodeFormer.Functions.Gpu.dll", files);
        Assert.Contains("libonnxruntime_providers_cuda.so", files);
        Assert.DoesNotContain(files, f => f.EndsWith(".dll", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith("runtimes/win", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>The files of a clean clone (tracked, or new and not ignored by git) that the ignore file lets through.</summary>
    private string AssembleContext()
    {
        string context = Path.Combine(_scratch, "context");
        ProcessResult listed = Execute("git", ["-C", RepositoryRoot.Path, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryRoot.Path, null);
        Assert.Equal(0, listed.ExitCode);
        foreach (string file in listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            string source = RepositoryRoot.File(file);
            if (!File.Exists(source) || !_ignore.Allows(file))
            {
                continue;
            }

            string target = Path.Combine(context, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        return context;
    }

    /// <summary>COPY [--from=stage] sources... dest, into the stage's scratch root.</summary>
    private void Copy(string arguments, string context, string workdir)
    {
        string[] words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? from = words[0].StartsWith("--from=", StringComparison.Ordinal) ? words[0]["--from=".Length..] : null;
        string[] paths = words.Skip(from is null ? 0 : 1).ToArray();
        string destination = Path.GetFullPath(Path.Combine(workdir, paths[^1]));
        foreach (string source in paths[..^1])
        {
            CopyTree(from is null ? Path.GetFullPath(Path.Combine(context, source)) : OutputOfStage(from, source), destination);
        }
    }

    /// <summary>
    /// What an earlier stage leaves at <paramref name="path"/>: the stage must copy one repository script from the
    /// context and run it in its WORKDIR, and <paramref name="path"/> must be where that script writes.
    /// </summary>
    private string OutputOfStage(string name, string path)
    {
        Dockerfile.Stage stage = _dockerfile.Named(name);
        string workdir = stage.Instructions.Single(i => i.Keyword == "WORKDIR").Arguments;
        string run = stage.Instructions.Single(i => i.Keyword == "RUN").Arguments;
        Assert.True(KnownStageScripts.TryGetValue(run, out string? writes), $"stage {name} runs `{run}`, which this test cannot stand in for");
        string script = run.Split(' ')[^1];
        Assert.Contains(stage.Instructions, i => i.Keyword == "COPY" && i.Arguments == $"{script} {script}");
        Assert.Equal($"{workdir.TrimEnd('/')}/{writes}", path.TrimEnd('/'));
        string here = RepositoryRoot.File(writes);
        Assert.True(Directory.Exists(here), $"{here} is missing: run `{run}` (or .ci/setup) first");
        return here;
    }

    private ProcessResult Run(string command, string root, string workdir)
    {
        // The stage's absolute paths (its WORKDIR, the publish output) live under the scratch root.
        string local = AbsolutePath().Replace(command, m => root + m.Value);
        foreach ((string online, string offline) in OfflineSubstitutes)
        {
            local = local.Replace(online, offline, StringComparison.Ordinal);
        }

        string shims = Path.Combine(_scratch, "shims");
        Directory.CreateDirectory(shims);
        string npm = Path.Combine(shims, "npm");
        File.WriteAllText(npm, "#!/bin/sh\necho 'npm: not found (the .NET SDK image has no npm)' >&2\nexit 127\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Execute("bash", ["-c", local], workdir, $"{shims}:{Environment.GetEnvironmentVariable("PATH")}");
    }

    private static ProcessResult Execute(string fileName, IEnumerable<string> arguments, string workdir, string? path)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workdir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        // A build started by this test must not talk to the test run's own build server or MSBuild node.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in 20 minutes");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Under(string root, string absolute) => Path.Combine(root, absolute.TrimStart('/'));

    private static void CopyTree(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, Path.GetFileName(source)), overwrite: true);
            return;
        }

        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    [GeneratedRegex(@"(?<=\s)/[^\s]+")]
    private static partial Regex AbsolutePath();
}
