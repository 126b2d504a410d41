using System.Globalization;
using System.Text.Json;

namespace CodeFormer.Cli.Video;

/// <summary>Reads a video's streams with ffprobe and refuses what cannot or should not be restored, with the reason.</summary>
internal static class VideoProbe
{
    /// <exception cref="VideoRejectedException">Not a video, no video stream, or outside <paramref name="limits"/>.</exception>
    public static VideoInfo Read(FfmpegTools tools, string path, VideoLimits limits, CancellationToken cancellationToken)
    {
        string name = System.IO.Path.GetFileName(path);
        var run = FfmpegProcess.RunToEnd(tools.Ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new VideoRejectedException($"{name} is not a video ffmpeg can read (not a video, or truncated): {run.ErrorSummary}");
        }

        using var doc = JsonDocument.Parse(run.Output);
        var root = doc.RootElement;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToArray() : [];
        string[] audio = streams.Where(x => Text(x, "codec_type") == "audio").Select(x => Text(x, "codec_name") ?? "unknown").ToArray();
        // Cover art in an audio file is a one-picture "video" stream; it is not a video.
        var video = streams.FirstOrDefault(x => Text(x, "codec_type") == "video" && !IsAttachedPicture(x));
        if (video.ValueKind != JsonValueKind.Object)
        {
            throw new VideoRejectedException(audio.Length > 0 ? $"{name} has no video stream (audio only)" : $"{name} has no video stream");
        }

        int width = Int(video, "width"), height = Int(video, "height");
        if (width <= 0 || height <= 0)
        {
            throw new VideoRejectedException($"{name}: its video stream has no frame size (damaged or not a video)");
        }

        if (Math.Abs(Rotation(video)) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        if (Math.Max(width, height) > limits.MaxSide || (long)width * height > limits.MaxPixels)
        {
            throw new VideoRejectedException($"{name} is {width}×{height}: videos are limited to {limits.MaxSide} pixels a side and {limits.MaxPixels / 1e6:0.#} megapixels a frame");
        }

        string rate = ValidRate(Text(video, "avg_frame_rate")) ?? ValidRate(Text(video, "r_frame_rate"))
            ?? throw new VideoRejectedException($"{name}: its video stream has no frame rate");
        double fps = RateValue(rate);
        if (fps > limits.MaxFramesPerSecond)
        {
            throw new VideoRejectedException($"{name} runs at {fps:0.##} frames/s: the limit is {limits.MaxFramesPerSecond:0}");
        }

        double duration = Double(video, "duration") ?? (root.TryGetProperty("format", out var format) ? Double(format, "duration") : null) ?? 0;
        long frames = Int(video, "nb_frames") is > 0 and var n ? n : (long)Math.Round(duration * fps);
        if (duration <= 0 && frames > 0)
        {
            duration = frames / fps;
        }

        if (duration > limits.MaxSeconds || frames > limits.MaxSeconds * limits.MaxFramesPerSecond)
        {
            throw new VideoRejectedException($"{name} lasts {duration:0} s: videos are limited to {limits.MaxSeconds:0} s");
        }

        string container = root.TryGetProperty("format", out var f) ? Text(f, "format_name") ?? "unknown" : "unknown";
        return new VideoInfo(path, container, Text(video, "codec_name") ?? "unknown", width, height, rate, fps, duration, frames, audio);
    }

    /// <summary>A rate as ffmpeg accepts it ("30000/1001"), or null for "0/0" and the like.</summary>
    private static string? ValidRate(string? rate)
    {
        if (rate is null)
        {
            return null;
        }

        string[] parts = rate.Split('/');
        bool valid = parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long num) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long den) && num > 0 && den > 0;
        return valid ? rate : null;
    }

    private static double RateValue(string rate)
    {
        string[] parts = rate.Split('/');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sides))
        {
            foreach (var side in sides.EnumerateArray())
            {
                if (side.TryGetProperty("rotation", out var r) && r.ValueKind == JsonValueKind.Number)
                {
                    return (int)Math.Round(r.GetDouble());
                }
            }
        }

        return stream.TryGetProperty("tags", out var tags) && int.TryParse(Text(tags, "rotate"), CultureInfo.InvariantCulture, out int rotate) ? rotate : 0;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;

    private static int Int(JsonElement element, string property) =>
        int.TryParse(Text(element, property), CultureInfo.InvariantCulture, out int v) ? v : 0;

    private static double? Double(JsonElement element, string property) =>
        double.TryParse(Text(element, property), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
}
