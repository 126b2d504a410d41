using CodeFormer.Core.Geometry;
using CodeFormer.Core.Video;

namespace CodeFormer.Core.Tests.Video;

/// <summary>Tracking by box overlap and 1€ smoothing of landmarks, on synthetic detections with known truth.</summary>
public sealed class FaceTrackerTests
{
    private const double Fps = 25;

    [Fact]
    public void On_a_still_face_smoothing_removes_most_of_the_detector_jitter()
    {
        var random = new Random(12);
        var tracker = new FaceTracker(Fps, smooth: true);
        var truth = Face(200, 150, eyeDistance: 60);
        double usedError = 0;
        for (int frame = 0; frame < 100; frame++)
        {
            var used = tracker.Update([Noisy(truth, random, sigma: 1.0)]).Single().Landmarks;
            if (frame >= 10)
            {
                usedError += used.Points.Zip(truth.Landmarks.Points, (a, b) => a.DistanceTo(b)).Average() / 90;
            }
        }

        // Detected landmarks move σ√π ≈ 1.77 px a frame (σ = 1 px per axis); the smoothed ones a fraction of that.
        Assert.InRange(tracker.Jitter.DetectedPx, 1.5, 2.0);
        Assert.True(tracker.Jitter.UsedPx < tracker.Jitter.DetectedPx / 3, $"used {tracker.Jitter.UsedPx:F3} px vs detected {tracker.Jitter.DetectedPx:F3} px");
        Assert.True(usedError < 0.8, $"smoothed landmarks {usedError:F2} px from the truth");
    }

    [Fact]
    public void Without_smoothing_the_detected_landmarks_are_used_as_they_are()
    {
        var random = new Random(3);
        var tracker = new FaceTracker(Fps, smooth: false);
        for (int frame = 0; frame < 20; frame++)
        {
            var detected = Noisy(Face(200, 150, 60), random, 1.0);
            var tracked = tracker.Update([detected]).Single();
            Assert.Same(detected.Landmarks, tracked.Landmarks);
            Assert.Equal(0, tracked.TrackId);
        }

        Assert.Equal(tracker.Jitter.DetectedPx, tracker.Jitter.UsedPx);
    }

    [Fact]
    public void A_moving_face_is_followed_with_little_lag()
    {
        var tracker = new FaceTracker(Fps, smooth: true);
        double lastLag = 0;
        for (int frame = 0; frame < 50; frame++)
        {
            // Two eye distances (120 px) per second: a brisk head movement.
            var truth = Face(100 + (frame * 120 / Fps), 150, 60);
            var used = tracker.Update([truth]).Single().Landmarks;
            lastLag = used.LeftEye.DistanceTo(truth.Landmarks.LeftEye);
        }

        Assert.True(lastLag < 6, $"lags {lastLag:F1} px behind a face moving 4.8 px a frame");
    }

    [Fact]
    public void Faces_keep_their_tracks_when_detections_come_in_another_order_and_a_new_face_gets_a_new_one()
    {
        var tracker = new FaceTracker(Fps, smooth: true);
        var left = Face(100, 100, 40);
        var right = Face(400, 100, 40);
        var first = tracker.Update([left, right]);
        var second = tracker.Update([right, left]);
        var third = tracker.Update([Face(250, 300, 40), left]);

        Assert.Equal([0, 1], first.Select(f => f.TrackId));
        Assert.Equal([1, 0], second.Select(f => f.TrackId));
        Assert.Equal([2, 0], third.Select(f => f.TrackId));
    }

    [Fact]
    public void A_face_that_jumps_starts_a_fresh_track_instead_of_being_smoothed_across_the_cut()
    {
        var tracker = new FaceTracker(Fps, smooth: true);
        tracker.Update([Face(100, 100, 40)]);
        var jumped = Face(500, 300, 40);
        var tracked = tracker.Update([jumped]).Single();

        Assert.Equal(1, tracked.TrackId);
        Assert.Equal(jumped.Landmarks.Points, tracked.Landmarks.Points);
    }

    /// <summary>A frontal face with eyes centred at (x, y): box and the official five points.</summary>
    private static DetectedFace Face(double x, double y, double eyeDistance)
    {
        double d = eyeDistance;
        var landmarks = FaceLandmarks.Official(new(x - (d / 2), y), new(x + (d / 2), y), new(x, y + (0.6 * d)), new(x - (0.4 * d), y + d), new(x + (0.4 * d), y + d));
        return new DetectedFace(new FaceBox(x - d, y - d, x + d, y + (1.6 * d)), 0.9f, landmarks);
    }

    private static DetectedFace Noisy(DetectedFace face, Random random, double sigma)
    {
        double Gauss() => sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var points = face.Landmarks.Points.Select(p => new Point2(p.X + Gauss(), p.Y + Gauss())).ToArray();
        return face with { Landmarks = new FaceLandmarks(face.Landmarks.Layout, points) };
    }
}
