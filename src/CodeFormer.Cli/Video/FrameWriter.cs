using System.Globalization;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Cli.Video;

/// <summary>
/// Encodes RGB frames piped to ffmpeg as H.264 (yuv420p, CRF) in MP4, and muxes in the source's audio streams:
/// copied when MP4 can hold them, re-encoded to AAC when not. Starts at the first frame (its size is the video's).
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    /// <summary>Audio codecs the MP4 muxer takes as they are.</summary>
    private static readonly HashSet<string> s_mp4Audio = ["aac", "mp3", "ac3", "eac3", "alac"];

    private readonly FfmpegTools _tools;
    private readonly VideoInfo _source;
    private readonly string _destination;
    private readonly string _frameRate;
    private readonly int _crf;
    private FfmpegProcess? _process;
    private int _width;
    private int _height;

    public FrameWriter(FfmpegTools tools, VideoInfo source, string destination, string frameRate, int crf)
    {
        _tools = tools;
        _source = source;
        _destination = destination;
        _frameRate = frameRate;
        _crf = crf;
    }

    /// <summary>"copy", "aac" (re-encoded: MP4 cannot hold the source's codec) or "none".</summary>
    public string AudioHandling => _source.AudioCodecs.Count == 0 ? "none" : _source.AudioCodecs.All(s_mp4Audio.Contains) ? "copy" : "aac";

    public long FramesWritten { get; private set; }

    public void Write(RgbImage frame)
    {
        if (_process is null)
        {
            (_width, _height) = (frame.Width, frame.Height);
            _process = FfmpegProcess.Start(_tools.Ffmpeg, Arguments(), writesInput: true);
        }
        else if (frame.Width != _width || frame.Height != _height)
        {
            throw new InvalidOperationException($"Frame {FramesWritten} is {frame.Width}×{frame.Height}, the video {_width}×{_height}.");
        }

        try
        {
            _process.Input.Write(frame.Pixels);
        }
        catch (IOException)
        {
            throw new VideoRejectedException($"ffmpeg stopped encoding at frame {FramesWritten}: {WaitForError()}");
        }

        FramesWritten++;
    }

    /// <summary>Closes the stream and waits for ffmpeg to finish the file.</summary>
    public void Finish(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            throw new InvalidOperationException("No frame was written.");
        }

        _process.Input.Close();
        if (_process.WaitForExit(cancellationToken) != 0)
        {
            throw new VideoRejectedException($"ffmpeg could not write {Path.GetFileName(_destination)}: {_process.ErrorSummary}");
        }
    }

    public void Dispose() => _process?.Dispose();

    private string WaitForError()
    {
        _process!.WaitForExit(CancellationToken.None);
        return _process.ErrorSummary;
    }

    private List<string> Arguments()
    {
        var args = new List<string>
        {
            "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{_width}x{_height}", "-framerate", _frameRate, "-i", "pipe:0",
            "-i", _source.Path,
            "-map", "0:v:0", "-map", "1:a?",
            // yuv420p needs even sides; an odd one loses its last pixel row or column.
            "-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2",
            "-c:v", "libx264", "-preset", "medium", "-crf", _crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
        };
        args.AddRange(AudioHandling == "aac" ? ["-c:a", "aac", "-b:a", "192k"] : ["-c:a", "copy"]);
        args.AddRange(["-movflags", "+faststart", "-f", "mp4", _destination]);
        return args;
    }
}
