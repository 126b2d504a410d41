using System.Diagnostics;

namespace CodeFormer.Cli.Video;

/// <summary>
/// One ffmpeg or ffprobe process with its stdin/stdout as binary pipes and the last lines of its stderr kept for
/// error messages (read continuously, so a chatty process never blocks on a full stderr pipe). Killed on dispose
/// if still running.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int KeptErrorLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _errorTail = new();

    private FfmpegProcess(string executable, IEnumerable<string> arguments, bool writesInput)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = writesInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data))
            {
                return;
            }

            lock (_errorTail)
            {
                _errorTail.Enqueue(e.Data.Trim());
                if (_errorTail.Count > KeptErrorLines)
                {
                    _errorTail.Dequeue();
                }
            }
        };
        _process.Start();
        _process.BeginErrorReadLine();
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last lines ffmpeg wrote to stderr, joined; "no message" when it wrote none.</summary>
    public string ErrorSummary
    {
        get
        {
            lock (_errorTail)
            {
                return _errorTail.Count == 0 ? "no message" : string.Join(" | ", _errorTail.TakeLast(3));
            }
        }
    }

    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments, bool writesInput = false) => new(executable, arguments, writesInput);

    /// <summary>Runs to the end, capturing stdout as text (for ffprobe's JSON).</summary>
    public static (int ExitCode, string Output, string ErrorSummary) RunToEnd(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(executable, arguments);
        var output = new StreamReader(process.Output).ReadToEndAsync(cancellationToken);
        int exitCode = process.WaitForExit(cancellationToken);
        return (exitCode, output.GetAwaiter().GetResult(), process.ErrorSummary);
    }

    public int WaitForExit(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(Kill);
        _process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
