using System.CommandLine;

namespace CodeFormer.Cli.Video;

/// <summary>The `restore` options that only videos use.</summary>
internal sealed class VideoOptions
{
    private readonly Option<double?> _fps = new("--save-video-fps") { Description = "Frame rate of the restored video (default: the source's; the same frames, so the length changes)." };
    private readonly Option<int> _crf = new("--video-crf") { Description = "H.264 quality: 0 lossless … 51 worst.", DefaultValueFactory = _ => VideoSettings.Default.Crf };
    private readonly Option<bool> _noSmooth = new("--no-smooth") { Description = "Videos: align each frame on its own detections (no face tracking, no landmark smoothing)." };
    private readonly Option<string?> _ffmpeg = new("--ffmpeg") { Description = $"The ffmpeg executable (default: {FfmpegTools.EnvironmentVariable}, then PATH); ffprobe is taken from beside it." };

    public VideoOptions()
    {
        _crf.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 51)
            {
                r.AddError("--video-crf must be between 0 and 51.");
            }
        });
        _fps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is double v && !(v > 0 && v <= 240))
            {
                r.AddError("--save-video-fps must be above 0 and at most 240.");
            }
        });
    }

    public IEnumerable<Option> All => [_fps, _crf, _noSmooth, _ffmpeg];

    public VideoSettings Read(ParseResult parse) => new(parse.GetValue(_fps), parse.GetValue(_crf), !parse.GetValue(_noSmooth), parse.GetValue(_ffmpeg));
}
