namespace CodeFormer.Core.Detection;

/// <summary>The face detectors the pipeline can run.</summary>
public enum DetectorKind
{
    /// <summary>MediaPipe BlazeFace (back-camera 256 model, embedded in the assembly; four landmarks).</summary>
    BlazeFace,

    /// <summary>OpenCV's YuNet (a model file; the official five landmarks).</summary>
    YuNet,
}
