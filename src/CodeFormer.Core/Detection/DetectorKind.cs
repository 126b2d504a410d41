namespace CodeFormer.Core.Detection;

/// <summary>The face detectors the pipeline can run.</summary>
public enum DetectorKind
{
    /// <summary>MediaPipe BlazeFace (back-camera 256 model, embedded in the assembly; four landmarks).</summary>
    BlazeFace,

    /// <summary>OpenCV's YuNet (a model file; the official five landmarks).</summary>
    YuNet,

    /// <summary>RetinaFace with the ResNet-50 backbone: the official default (a model file; five landmarks).</summary>
    RetinaFaceResNet50,

    /// <summary>RetinaFace with the MobileNet-0.25 backbone: the official small option (a model file; five landmarks).</summary>
    RetinaFaceMobileNet025,
}
