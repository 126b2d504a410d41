using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>Videos made for the tests by ffmpeg (from the shared photos, with a sine tone), and ffprobe's view of results.</summary>
internal static class TestVideos
{
    /// <summary>
    /// A clip of shared photos (each shown for <paramref name="secondsPerPhoto"/>, fitted into 240×240, with fresh
    /// noise every frame so detections differ as in real footage) and a 440 Hz tone as long as the pictures.
    /// </summary>
    public static string FromPhotos(string path, string[] photos, double secondsPerPhoto, int fps, string videoCodec = "libx264", string audioCodec = "aac", params string[] extra)
    {
        var args = new List<string> { "-v", "error", "-y" };
        foreach (string photo in photos)
        {
            args.AddRange(["-loop", "1", "-framerate", fps.ToString(CultureInfo.InvariantCulture), "-t", Seconds(secondsPerPhoto), "-i", SharedData.File("faces", "whole", photo)]);
        }

        double total = secondsPerPhoto * photos.Length;
        args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={Seconds(total)}"]);
        string fitted = string.Concat(photos.Select((_, i) => $"[{i}:v]scale=240:240:force_original_aspect_ratio=decrease,pad=240:240:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[p{i}];"));
        string concat = string.Concat(photos.Select((_, i) => $"[p{i}]")) + $"concat=n={photos.Length}:v=1:a=0,noise=alls=6:allf=t[v]";
        args.AddRange(["-filter_complex", fitted + concat, "-map", "[v]", "-map", $"{photos.Length}:a", "-c:v", videoCodec, "-pix_fmt", "yuv420p", "-c:a", audioCodec]);
        args.AddRange(extra);
        args.Add(path);
        Ffmpeg("ffmpeg", args);
        return path;
    }

    /// <summary>Runs ffmpeg (or ffprobe) and returns its stdout; fails the test with its stderr when it fails.</summary>
    public static string Ffmpeg(string tool, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>Every stream's type, codec, decoded frame count (video), duration and rate, by ffprobe.</summary>
    public static IReadOnlyList<StreamFacts> Streams(string path)
    {
        string json = Ffmpeg("ffprobe", ["-v", "error", "-count_frames", "-print_format", "json", "-show_streams", path]);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => new StreamFacts(
            s.GetProperty("codec_type").GetString()!,
            s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("nb_read_frames", out var n) ? long.Parse(n.GetString()!, CultureInfo.InvariantCulture) : 0,
            Duration(s),
            s.GetProperty("r_frame_rate").GetString()!)).ToArray();
    }

    /// <summary>All frames of a video as RGB bytes at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static byte[][] Frames(string path, int width, int height)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-v", "error", "-i", path, "-s", $"{width}x{height}", "-sws_flags", "bilinear", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        byte[] all = buffer.ToArray();
        int size = width * height * 3;
        return Enumerable.Range(0, all.Length / size).Select(i => all.AsSpan(i * size, size).ToArray()).ToArray();
    }

    /// <summary>The stream's duration; Matroska and WebM give it only as a tag ("00:00:01.000000000").</summary>
    private static double Duration(JsonElement stream) =>
        stream.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : TimeSpan.Parse(stream.GetProperty("tags").GetProperty("DURATION").GetString()![..16], CultureInfo.InvariantCulture).TotalSeconds;

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
}

internal sealed record StreamFacts(string Type, string Codec, long Frames, double Duration, string FrameRate);
