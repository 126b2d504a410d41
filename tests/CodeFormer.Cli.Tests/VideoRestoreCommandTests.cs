using System.Text.Json;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer restore clip.mp4 -o out`: videos made here by ffmpeg from the shared photos, with a tone.</summary>
public sealed class VideoRestoreCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _identityModel;

    public VideoRestoreCommandTests()
    {
        _identityModel = _temp.File("identity.onnx");
        StandInModels.Identity().Save(_identityModel);
    }

    [Fact]
    public void A_clip_keeps_its_frames_length_rate_and_sound_and_every_face_found_is_restored()
    {
        const int fps = 4;
        string clip = TestVideos.FromPhotos(_temp.File("clip.mp4"), ["04.jpg", "05.jpg"], secondsPerPhoto: 1.5, fps);
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", clip, "-o", output, "--model", SharedData.File("models", "codeformer-mini.onnx"), "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        string restored = Path.Combine(output, "clip.mp4");
        Assert.Equal(["clip.mp4", "report.json"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        var source = TestVideos.Streams(clip);
        var result = TestVideos.Streams(restored);
        var (sourceVideo, resultVideo) = (source.Single(s => s.Type == "video"), result.Single(s => s.Type == "video"));
        Assert.Equal(12, sourceVideo.Frames);
        Assert.InRange(resultVideo.Frames, sourceVideo.Frames - 1, sourceVideo.Frames + 1);
        Assert.InRange(resultVideo.Duration, sourceVideo.Duration - (1.0 / fps), sourceVideo.Duration + (1.0 / fps));
        Assert.Equal(sourceVideo.FrameRate, resultVideo.FrameRate);
        Assert.Equal("h264", resultVideo.Codec);
        var (sourceAudio, resultAudio) = (source.Single(s => s.Type == "audio"), result.Single(s => s.Type == "audio"));
        Assert.Equal("aac", resultAudio.Codec);
        Assert.Equal(sourceAudio.Duration, resultAudio.Duration, 0.01);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = report.RootElement;
        Assert.Equal("copy", root.GetProperty("audio").GetString());
        Assert.Equal(12, root.GetProperty("frames").GetInt64());
        var frames = root.GetProperty("frameFaces").EnumerateArray().ToArray();
        Assert.Equal(12, frames.Length);
        // Each photo holds one face; the detector may add a brief false find in the noise, which is restored too.
        Assert.All(frames, f => Assert.NotEmpty(f.GetProperty("faces").EnumerateArray()));
        Assert.Equal(2, frames.Select(f => f.GetProperty("faces")[0].GetProperty("track").GetInt32()).Distinct().Count());
        var segments = root.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(12, segments.Sum(s => s.GetProperty("frames").GetInt32()));
        Assert.All(segments, s => Assert.True(s.GetProperty("timings").GetProperty("inferMs").GetDouble() > 0));

        // Restored means changed where the face is and nowhere else: in every frame, the face box moved further
        // from the (equally enlarged) source than the picture far from it did (measured: 42–58 against 2–10 levels).
        int width = root.GetProperty("outputWidth").GetInt32(), height = root.GetProperty("outputHeight").GetInt32();
        double scale = (double)width / root.GetProperty("inputWidth").GetInt32();
        var before = TestVideos.Frames(clip, width, height);
        var after = TestVideos.Frames(restored, width, height);
        for (int i = 0; i < frames.Length; i++)
        {
            double[] box = frames[i].GetProperty("faces")[0].GetProperty("box").EnumerateArray().Select(v => v.GetDouble() * scale).ToArray();
            var (inside, outside) = Differences(before[i], after[i], width, height, box);
            Assert.True(inside > outside + 20, $"frame {i}: face changed {inside:F1}, rest {outside:F1} (mean levels)");
        }
    }

    [Theory]
    [InlineData("mov", "libx264", "pcm_s16le")]
    [InlineData("avi", "mpeg4", "libmp3lame")]
    [InlineData("mkv", "libx264", "flac")]
    [InlineData("webm", "libvpx-vp9", "libopus")]
    public void Other_containers_come_out_as_mp4_with_their_sound(string container, string videoCodec, string audioCodec)
    {
        string clip = TestVideos.FromPhotos(_temp.File("clip." + container), ["04.jpg"], secondsPerPhoto: 1, fps: 5, videoCodec, audioCodec,
            videoCodec == "libvpx-vp9" ? ["-deadline", "realtime", "-cpu-used", "8"] : []);
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", clip, "-o", output, "--model", _identityModel, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        var result = TestVideos.Streams(Path.Combine(output, "clip.mp4"));
        var source = TestVideos.Streams(clip);
        Assert.Equal(5, result.Single(s => s.Type == "video").Frames);
        var audio = result.Single(s => s.Type == "audio");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        string expected = audioCodec == "libmp3lame" ? "copy" : "aac";
        Assert.Equal(expected, report.RootElement.GetProperty("audio").GetString());
        Assert.Equal(audioCodec == "libmp3lame" ? "mp3" : "aac", audio.Codec);
        // Re-encoding to AAC pads to whole 1024-sample frames: at most one frame (21 ms at 48 kHz) longer.
        Assert.Equal(source.Single(s => s.Type == "audio").Duration, audio.Duration, 0.05);
    }

    [Fact]
    public void Without_smoothing_and_at_another_rate_the_same_frames_play_faster()
    {
        string clip = TestVideos.FromPhotos(_temp.File("clip.mp4"), ["05.jpg"], secondsPerPhoto: 1, fps: 6);
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", clip, "-o", output, "--model", _identityModel, "-s", "1", "--no-smooth", "--save-video-fps", "12", "--video-crf", "28");

        Assert.True(run.ExitCode == 0, run.Error);
        var video = TestVideos.Streams(Path.Combine(output, "clip.mp4")).Single(s => s.Type == "video");
        Assert.Equal("12/1", video.FrameRate);
        Assert.Equal(6, video.Frames);
        Assert.Equal(0.5, video.Duration, 0.1);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = report.RootElement;
        Assert.False(root.GetProperty("smooth").GetBoolean());
        var jitter = root.GetProperty("jitter");
        Assert.Equal(5, jitter.GetProperty("samples").GetInt32());
        Assert.Equal(jitter.GetProperty("detectedPx").GetDouble(), jitter.GetProperty("usedPx").GetDouble());
    }

    public static TheoryData<string, string> BadVideos => new()
    {
        { "truncated-index", "not a video ffmpeg can read" },
        { "truncated-frames", "truncated or damaged: decoded" },
        { "audio-only", "has no video stream (audio only)" },
        { "text", "not a video ffmpeg can read" },
        { "huge-frame", "limited to 4096 pixels a side" },
        { "two-hours", "limited to 3600 s" },
    };

    [Theory]
    [MemberData(nameof(BadVideos))]
    public void Bad_videos_fail_with_one_clear_line_and_leave_no_video(string kind, string expected)
    {
        string bad = MakeBad(kind);
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", bad, "-o", output, "--model", _identityModel);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : []);
    }

    private string MakeBad(string kind)
    {
        string path = _temp.File(kind + (kind == "huge-frame" ? ".mkv" : ".mp4"));
        switch (kind)
        {
            case "truncated-index":
                // ffmpeg writes the MP4 index (moov) last: the first half of the file has frames but no index.
                Truncate(TestVideos.FromPhotos(_temp.File("whole.mp4"), ["04.jpg"], 2, 8), path);
                break;
            case "truncated-frames":
                // Index first (faststart): the file opens, announces 16 frames, and the data ends half way.
                Truncate(TestVideos.FromPhotos(_temp.File("whole.mp4"), ["04.jpg"], 2, 8, extra: ["-movflags", "+faststart"]), path);
                break;
            case "audio-only":
                TestVideos.Ffmpeg("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", "-f", "mp4", path]);
                break;
            case "text":
                File.WriteAllText(path, "<html><body>not a video</body></html>");
                break;
            case "huge-frame":
                TestVideos.Ffmpeg("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=9000x16:r=1", "-t", "1", "-c:v", "ffv1", path]);
                break;
            case "two-hours":
                TestVideos.Ffmpeg("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=16x16:r=1", "-t", "7300", "-c:v", "libx264", "-preset", "ultrafast", path]);
                break;
        }

        return path;
    }

    private static void Truncate(string whole, string path)
    {
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        File.Delete(whole);
    }

    /// <summary>Mean absolute difference inside the middle of the face box, and away from it (beyond 1.6 half box sizes).</summary>
    private static (double Inside, double Outside) Differences(byte[] a, byte[] b, int width, int height, double[] box)
    {
        double cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2, half = (box[2] - box[0]) / 2;
        double inside = 0, outside = 0;
        long nIn = 0, nOut = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double d = Math.Max(Math.Abs(x - cx), Math.Abs(y - cy));
                int i = ((y * width) + x) * 3;
                double diff = (Math.Abs(a[i] - b[i]) + Math.Abs(a[i + 1] - b[i + 1]) + Math.Abs(a[i + 2] - b[i + 2])) / 3.0;
                if (d < half / 2)
                {
                    inside += diff;
                    nIn++;
                }
                else if (d > half * 1.6)
                {
                    outside += diff;
                    nOut++;
                }
            }
        }

        return (inside / Math.Max(1, nIn), outside / Math.Max(1, nOut));
    }

    public void Dispose() => _temp.Dispose();
}
