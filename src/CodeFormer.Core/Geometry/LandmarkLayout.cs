namespace CodeFormer.Core.Geometry;

/// <summary>Which facial points a <see cref="FaceLandmarks"/> holds, always image-left first.</summary>
public enum LandmarkLayout
{
    /// <summary>The official five: left eye, right eye, nose tip, left mouth corner, right mouth corner.</summary>
    EyesNoseMouthCorners,

    /// <summary>BlazeFace's usable four: left eye, right eye, nose tip, mouth centre.</summary>
    EyesNoseMouthCentre,
}
