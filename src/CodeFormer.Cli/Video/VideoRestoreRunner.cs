using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeFormer.Cli.Restore;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Video;
using Spectre.Console;

namespace CodeFormer.Cli.Video;

/// <summary>
/// `restore clip.mp4 -o out`: decode pipe → per-frame pipeline (faces of consecutive frames batched for the
/// network) → encode pipe, so only a batch of frames is ever in memory. Writes out/&lt;name&gt;.mp4 (through a
/// partial file renamed at the end, so a failed run leaves no half video) and out/report.json.
/// </summary>
internal sealed class VideoRestoreRunner(IAnsiConsole console)
{
    private const double SegmentSeconds = 2;
    private static readonly TimeSpan s_progressLineInterval = TimeSpan.FromSeconds(10);

    public int Run(RestoreSettings settings, VideoSettings video, CancellationToken cancellationToken)
    {
        if (settings.LandmarksFile is not null || settings.Options.HasAligned)
        {
            return Fail("--landmarks and --has-aligned apply to photos, not videos");
        }

        FfmpegTools tools;
        VideoInfo info;
        try
        {
            tools = FfmpegTools.Locate(video.Ffmpeg);
            info = VideoProbe.Read(tools, settings.Input, VideoLimits.Default, cancellationToken);
        }
        catch (VideoRejectedException ex)
        {
            return Fail(ex.Message);
        }

        var inference = new InferenceOptions(settings.Device);
        using var restorer = RestoreRunner.OpenRestorer(settings, inference, out string? modelError);
        if (restorer is null)
        {
            return Fail(modelError!);
        }

        IFaceDetector detector;
        try
        {
            // Video keeps the embedded detector unless one is named: the official default (RetinaFace) is per photo.
            detector = FaceDetectorFactory.Create(settings.Detector ?? DetectorKind.BlazeFace, DetectionOptions.Default, inference, StderrWarnings.Instance, settings.DetectorModel);
        }
        catch (Exception ex) when (ex is FileNotFoundException or IncompatibleModelException)
        {
            return Fail(ex.Message);
        }

        using var ownedDetector = detector;
        Directory.CreateDirectory(settings.OutputDirectory);
        string stem = Path.GetFileNameWithoutExtension(settings.Input);
        string destination = Path.Combine(settings.OutputDirectory, stem + ".mp4");
        string partial = Path.Combine(settings.OutputDirectory, $".{stem}.partial.mp4");
        try
        {
            var report = Restore(settings, video, tools, info, restorer, detector, partial, destination, cancellationToken);
            File.Move(partial, destination, overwrite: true);
            File.WriteAllText(Path.Combine(settings.OutputDirectory, "report.json"), JsonSerializer.Serialize(report, RestorationReport.JsonOptions));
            console.MarkupLineInterpolated(
                $"[green]✓[/] {Path.GetFileName(settings.Input)}: {report.Frames} frames, {report.FrameFaces.Count(f => f.Faces.Count > 0)} with faces, {report.FramesPerSecond:F2} frames/s, audio {report.Audio}");
            console.MarkupLineInterpolated($"Result {Path.GetFullPath(destination)} (device: {restorer.Device})");
            return 0;
        }
        catch (Exception ex) when (ex is VideoRejectedException or IOException or ModelSignatureException)
        {
            return Fail(ex.Message);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private VideoReport Restore(
        RestoreSettings settings, VideoSettings video, FfmpegTools tools, VideoInfo info, CodeFormerRestorer restorer, IFaceDetector detector, string partial, string destination, CancellationToken cancellationToken)
    {
        string outputRate = video.OutputFramesPerSecond is double fps ? fps.ToString("0.###", CultureInfo.InvariantCulture) : info.FrameRate;
        var tracker = new FaceTracker(info.FramesPerSecond, video.Smooth);
        var frameRestorer = new VideoFrameRestorer(detector, restorer, settings.Options, tracker);
        int segmentFrames = Math.Max(1, (int)Math.Round(SegmentSeconds * info.FramesPerSecond));
        // Enough consecutive frames for one full network batch when each holds a face; one frame on a batch-1 CPU.
        int framesPerBatch = restorer.BatchSize;

        using var reader = new FrameReader(tools, info);
        using var writer = new FrameWriter(tools, info, partial, outputRate, video.Crf);
        var segments = new List<SegmentReport>();
        var frames = new List<FrameReport>();
        var segment = new SegmentAccumulator(0, 0);
        var wall = Stopwatch.StartNew();
        int outWidth = 0, outHeight = 0;
        var lastLine = TimeSpan.Zero;

        void Loop(ProgressTask? task)
        {
            var batch = new List<RgbImage>(framesPerBatch);
            var clock = new Stopwatch();
            bool ended = false;
            while (!ended)
            {
                cancellationToken.ThrowIfCancellationRequested();
                clock.Restart();
                batch.Clear();
                while (batch.Count < framesPerBatch && (batch.Count == 0 || segment.Frames + batch.Count < segmentFrames))
                {
                    var frame = reader.Next();
                    if (frame is null)
                    {
                        ended = true;
                        break;
                    }

                    batch.Add(frame);
                }

                double decodeMs = clock.Elapsed.TotalMilliseconds;
                if (batch.Count == 0)
                {
                    break;
                }

                var restored = frameRestorer.Restore(batch, cancellationToken);
                clock.Restart();
                foreach (var frame in restored.Frames)
                {
                    writer.Write(frame.Image);
                    (outWidth, outHeight) = (frame.Image.Width, frame.Image.Height);
                    frames.Add(new FrameReport(frames.Count, frame.Faces.Select(f => new FrameFaceReport(f.TrackId, Box(f.Detected.Box))).ToArray()));
                }

                segment.Add(restored, decodeMs, clock.Elapsed.TotalMilliseconds);
                if (segment.Frames >= segmentFrames)
                {
                    segments.Add(segment.ToReport());
                    segment = new SegmentAccumulator(segments.Count, frames.Count);
                }

                if (task is not null)
                {
                    task.Value = frames.Count;
                    task.Description = Describe(frames.Count, info.ExpectedFrames, wall.Elapsed);
                }
                else if (wall.Elapsed - lastLine >= s_progressLineInterval)
                {
                    // Not a terminal (a log, CI): a plain line now and then instead of a redrawn bar.
                    lastLine = wall.Elapsed;
                    console.WriteLine(Describe(frames.Count, info.ExpectedFrames, wall.Elapsed));
                }
            }
        }

        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .Start(ctx => Loop(ctx.AddTask($"Restoring {Path.GetFileName(info.Path)}", maxValue: Math.Max(1, info.ExpectedFrames))));
        }
        else
        {
            Loop(null);
        }

        if (segment.Frames > 0)
        {
            segments.Add(segment.ToReport());
        }

        reader.Finish(cancellationToken);
        writer.Finish(cancellationToken);
        double seconds = wall.Elapsed.TotalSeconds;
        var jitter = tracker.Jitter;
        return new VideoReport(
            info.Path, destination, info.Width, info.Height, outWidth, outHeight, info.FrameRate, outputRate, frames.Count, writer.AudioHandling,
            settings.Options.Fidelity, settings.Options.Upscale, video.Smooth, restorer.BatchSize, Math.Round(seconds, 3), Math.Round(frames.Count / seconds, 3),
            new JitterReport(jitter.Samples, Math.Round(jitter.DetectedPx, 4), Math.Round(jitter.UsedPx, 4), Math.Round(jitter.DetectedPercentOfEyeDistance, 4), Math.Round(jitter.UsedPercentOfEyeDistance, 4)),
            segments, frames);
    }

    /// <summary>"frame 120/300 · 4.1 frames/s · ETA 0:44".</summary>
    private static string Describe(long done, long total, TimeSpan elapsed)
    {
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-3);
        string eta = total > done && rate > 0 ? TimeSpan.FromSeconds(Math.Round((total - done) / rate)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "-";
        return $"frame {done}/{total} · {rate:F1} frames/s · ETA {eta}";
    }

    private static double[] Box(FaceBox b) => [Math.Round(b.Left, 1), Math.Round(b.Top, 1), Math.Round(b.Right, 1), Math.Round(b.Bottom, 1)];

    private static int Fail(string reason)
    {
        Console.Error.WriteLine($"error: {reason}");
        return 1;
    }

    /// <summary>Stage times summed over one segment's frames.</summary>
    private sealed class SegmentAccumulator(int index, long firstFrame)
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private double _decode, _detect, _align, _infer, _paste, _encode;

        public int Frames { get; private set; }

        public int Faces { get; private set; }

        public void Add(RestoredBatch batch, double decodeMs, double encodeMs)
        {
            Frames += batch.Frames.Count;
            Faces += batch.Frames.Sum(f => f.Faces.Count);
            _decode += decodeMs;
            _detect += batch.Timings.DetectMs;
            _align += batch.Timings.AlignMs;
            _infer += batch.Timings.InferMs;
            _paste += batch.Timings.PasteMs;
            _encode += encodeMs;
        }

        public SegmentReport ToReport() => new(
            index, firstFrame, Frames, Faces,
            new StageTimings(Math.Round(_decode, 1), Math.Round(_detect, 1), Math.Round(_align, 1), Math.Round(_infer, 1), Math.Round(_paste, 1), Math.Round(_encode, 1)),
            Math.Round(_wall.Elapsed.TotalMilliseconds, 1));
    }
}
