namespace CodeFormer.Cli.Video;

/// <summary>
/// Where ffmpeg and ffprobe are: --ffmpeg, else CODEFORMER_FFMPEG, else PATH; ffprobe beside ffmpeg, else on PATH.
/// </summary>
internal sealed record FfmpegTools(string Ffmpeg, string Ffprobe)
{
    public const string EnvironmentVariable = "CODEFORMER_FFMPEG";

    /// <exception cref="VideoRejectedException">Neither the setting nor PATH gives a runnable ffmpeg.</exception>
    public static FfmpegTools Locate(string? configured)
    {
        string? setting = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : configured;
        string? ffmpeg;
        if (!string.IsNullOrWhiteSpace(setting))
        {
            ffmpeg = File.Exists(setting) ? Path.GetFullPath(setting) : OnPath(setting);
            if (ffmpeg is null)
            {
                throw new VideoRejectedException($"ffmpeg not found at '{setting}' (from {(configured is null ? EnvironmentVariable : "--ffmpeg")})");
            }
        }
        else
        {
            ffmpeg = OnPath("ffmpeg") ?? throw new VideoRejectedException(
                $"ffmpeg is needed for videos and is not on PATH: install the Debian package `ffmpeg` (bash .ci/install-ffmpeg), or give its path with --ffmpeg or {EnvironmentVariable}");
        }

        string beside = Path.Combine(Path.GetDirectoryName(ffmpeg)!, OperatingSystem.IsWindows() ? "ffprobe.exe" : "ffprobe");
        string ffprobe = File.Exists(beside) ? beside : OnPath("ffprobe")
            ?? throw new VideoRejectedException($"ffprobe (part of ffmpeg) is not beside {ffmpeg} nor on PATH");
        return new FfmpegTools(ffmpeg, ffprobe);
    }

    private static string? OnPath(string name)
    {
        if (name.Contains(Path.DirectorySeparatorChar) || name.Contains(Path.AltDirectorySeparatorChar))
        {
            return null;
        }

        string[] suffixes = OperatingSystem.IsWindows() ? [".exe", ""] : [""];
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string suffix in suffixes)
            {
                string candidate = Path.Combine(dir, name + suffix);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
