using System.Diagnostics;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Core.Video;

/// <summary>
/// The photo pipeline over consecutive video frames: each frame is detected and its faces tracked (landmarks
/// smoothed by the <see cref="FaceTracker"/>) and aligned, then the faces of all frames in the batch go through
/// the network together (in the restorer's batch size), then each frame is pasted. Frames must come in order.
/// </summary>
public sealed class VideoFrameRestorer
{
    private readonly FaceFinder _finder;
    private readonly FacePreparer _preparer = new(detector: null);
    private readonly CodeFormerRestorer _restorer;
    private readonly RestoreOptions _options;
    private readonly FaceTracker _tracker;

    public VideoFrameRestorer(IFaceDetector detector, CodeFormerRestorer restorer, RestoreOptions options, FaceTracker tracker, DetectionOptions? detection = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(restorer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tracker);
        if (options.HasAligned)
        {
            throw new ArgumentException("Video frames are whole pictures; aligned-face input does not apply.", nameof(options));
        }

        _finder = new FaceFinder(detector, (detection ?? DetectionOptions.Default) with { OnlyCenterFace = options.OnlyCenterFace, LargestFace = options.LargestFace });
        _restorer = restorer;
        _options = options;
        _tracker = tracker;
    }

    public RestoredBatch Restore(IReadOnlyList<RgbImage> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var clock = Stopwatch.StartNew();
        double detectMs = 0, alignMs = 0;
        var prepared = new PreparedImage[frames.Count];
        var tracked = new IReadOnlyList<TrackedFace>[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Restart();
            tracked[i] = _tracker.Update(_finder.Find(frames[i]));
            detectMs += clock.Elapsed.TotalMilliseconds;
            // The tracked landmarks go in as known faces: the preparer aligns with them instead of detecting again.
            prepared[i] = _preparer.Prepare(frames[i], alpha: null, _options, tracked[i].Select(f => f.Landmarks).ToArray());
            alignMs += prepared[i].AlignTime.TotalMilliseconds;
        }

        clock.Restart();
        var crops = prepared.SelectMany(p => p.Faces.Select(f => f.Crop)).ToArray();
        var restored = _restorer.Restore(crops, _options.Fidelity, cancellationToken);
        double inferMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var result = new RestoredFrame[frames.Count];
        int next = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            var faces = restored.Skip(next).Take(prepared[i].Faces.Count).ToArray();
            next += faces.Length;
            result[i] = new RestoredFrame(RestorationPipeline.Compose(prepared[i], faces, _options).Rgb, tracked[i]);
        }

        double pasteMs = clock.Elapsed.TotalMilliseconds;
        return new RestoredBatch(result, new StageTimings(0, detectMs, alignMs, inferMs, pasteMs, 0));
    }
}
