using CodeFormer.Core.Imaging;

namespace CodeFormer.Cli.Video;

/// <summary>
/// Decodes a video's first video stream with ffmpeg into RGB frames, one at a time, through a rawvideo pipe: only
/// the frame being read is in this process's memory. Frames come as decoded (no frame-rate conversion).
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly FfmpegProcess _process;
    private readonly VideoInfo _info;
    private readonly int _frameBytes;

    public FrameReader(FfmpegTools tools, VideoInfo info)
    {
        _info = info;
        _frameBytes = checked(info.Width * info.Height * RgbImage.Channels);
        _process = FfmpegProcess.Start(tools.Ffmpeg, [
            "-v", "error", "-nostdin", "-i", info.Path,
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ]);
    }

    public long FramesRead { get; private set; }

    /// <summary>True when the stream ended inside a frame (the decoder stopped part way).</summary>
    public bool EndedMidFrame { get; private set; }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    public RgbImage? Next()
    {
        var pixels = GC.AllocateUninitializedArray<byte>(_frameBytes);
        int read = _process.Output.ReadAtLeast(pixels, _frameBytes, throwOnEndOfStream: false);
        if (read < _frameBytes)
        {
            EndedMidFrame = read > 0;
            return null;
        }

        FramesRead++;
        return new RgbImage(_info.Width, _info.Height, pixels);
    }

    /// <summary>After the last frame: whether ffmpeg decoded the whole stream, and if not, why.</summary>
    /// <exception cref="VideoRejectedException">ffmpeg failed, or far fewer frames came than the container announced.</exception>
    public void Finish(CancellationToken cancellationToken)
    {
        string name = Path.GetFileName(_info.Path);
        int exitCode = _process.WaitForExit(cancellationToken);
        if (exitCode != 0)
        {
            throw new VideoRejectedException($"{name}: ffmpeg could not decode it after {FramesRead} frame(s): {_process.ErrorSummary}");
        }

        if (FramesRead == 0)
        {
            throw new VideoRejectedException($"{name}: no frame could be decoded (damaged or truncated): {_process.ErrorSummary}");
        }

        // Containers announce frame counts loosely (a rounded duration × rate); a real shortfall is a cut file.
        long missing = _info.ExpectedFrames - FramesRead;
        if (EndedMidFrame || (missing > 2 && missing > _info.ExpectedFrames * 0.05))
        {
            throw new VideoRejectedException($"{name} is truncated or damaged: decoded {FramesRead} of {_info.ExpectedFrames} frames ({_process.ErrorSummary})");
        }
    }

    public void Dispose() => _process.Dispose();
}
