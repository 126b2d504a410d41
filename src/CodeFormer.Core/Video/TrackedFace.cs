using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Video;

/// <summary>
/// One face in one frame: the track it belongs to (the same face over frames), what the detector found, and the
/// landmarks to align with (smoothed over the track, or the detected ones when smoothing is off).
/// </summary>
public sealed record TrackedFace(int TrackId, DetectedFace Detected, FaceLandmarks Landmarks);
