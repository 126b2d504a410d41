using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Video;

/// <summary>
/// Follows faces from frame to frame by box overlap (greedy, best IoU first) and smooths each face's landmarks
/// over time with a 1€ filter per coordinate, so the alignment (and with it the crop and the paste mask) does not
/// jitter with the detector's noise. A face unseen for more than a few frames, or one that jumps (no overlap),
/// starts a new track with a fresh filter. Landmarks are filtered in units of the track's first eye distance.
/// </summary>
public sealed class FaceTracker
{
    private readonly double _frameSeconds;
    private readonly bool _smooth;
    private readonly OneEuroSettings _settings;
    private readonly double _minIou;
    private readonly int _maxMissedFrames;
    private readonly List<Track> _tracks = [];
    private int _nextId;

    public FaceTracker(double framesPerSecond, bool smooth, OneEuroSettings? settings = null, double minIou = 0.3, int maxMissedFrames = 5)
    {
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "The frame rate must be a positive number.");
        }

        _frameSeconds = 1 / framesPerSecond;
        _smooth = smooth;
        _settings = settings ?? OneEuroSettings.Landmarks;
        _minIou = minIou;
        _maxMissedFrames = maxMissedFrames;
    }

    public LandmarkJitter Jitter { get; } = new();

    /// <summary>The next frame's detections, in the order given, each with its track and the landmarks to use.</summary>
    public IReadOnlyList<TrackedFace> Update(IReadOnlyList<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var assigned = new Track?[faces.Count];
        var pairs = new List<(double Iou, int Face, Track Track)>();
        for (int f = 0; f < faces.Count; f++)
        {
            foreach (var track in _tracks)
            {
                double iou = track.Box.IntersectionOverUnion(faces[f].Box);
                if (iou >= _minIou && track.Layout == faces[f].Landmarks.Layout)
                {
                    pairs.Add((iou, f, track));
                }
            }
        }

        var taken = new HashSet<Track>();
        foreach (var (_, f, track) in pairs.OrderByDescending(p => p.Iou))
        {
            if (assigned[f] is null && taken.Add(track))
            {
                assigned[f] = track;
            }
        }

        var result = new TrackedFace[faces.Count];
        for (int f = 0; f < faces.Count; f++)
        {
            var track = assigned[f];
            if (track is null)
            {
                track = new Track(_nextId++, faces[f], _settings);
                _tracks.Add(track);
                taken.Add(track);
            }

            result[f] = new TrackedFace(track.Id, faces[f], Follow(track, faces[f]));
        }

        foreach (var track in _tracks)
        {
            track.Missed = taken.Contains(track) ? 0 : track.Missed + 1;
        }

        _tracks.RemoveAll(t => t.Missed > _maxMissedFrames);
        return result;
    }

    private FaceLandmarks Follow(Track track, DetectedFace face)
    {
        var raw = face.Landmarks;
        FaceLandmarks used;
        if (_smooth)
        {
            double dt = _frameSeconds * (track.Missed + 1);
            var points = new Point2[raw.Points.Count];
            for (int i = 0; i < points.Length; i++)
            {
                double x = track.Filters[2 * i].Next(raw.Points[i].X / track.Unit, dt) * track.Unit;
                double y = track.Filters[(2 * i) + 1].Next(raw.Points[i].Y / track.Unit, dt) * track.Unit;
                points[i] = new Point2(x, y);
            }

            used = new FaceLandmarks(raw.Layout, points);
        }
        else
        {
            used = raw;
        }

        if (track.LastDetected is not null && track.Missed == 0)
        {
            Jitter.Add(MeanMovement(track.LastDetected, raw), MeanMovement(track.LastUsed!, used), raw.EyeDistance);
        }

        track.Box = face.Box;
        track.LastDetected = raw;
        track.LastUsed = used;
        return used;
    }

    private static double MeanMovement(FaceLandmarks from, FaceLandmarks to) =>
        from.Points.Zip(to.Points, (a, b) => a.DistanceTo(b)).Average();

    private sealed class Track(int id, DetectedFace first, OneEuroSettings settings)
    {
        public int Id { get; } = id;

        public LandmarkLayout Layout { get; } = first.Landmarks.Layout;

        /// <summary>The first eye distance: landmarks are filtered in these units.</summary>
        public double Unit { get; } = Math.Max(first.Landmarks.EyeDistance, 1);

        public OneEuroFilter[] Filters { get; } = Enumerable.Range(0, 2 * first.Landmarks.Points.Count).Select(_ => new OneEuroFilter(settings)).ToArray();

        public FaceBox Box { get; set; } = first.Box;

        public int Missed { get; set; }

        public FaceLandmarks? LastDetected { get; set; }

        public FaceLandmarks? LastUsed { get; set; }
    }
}
