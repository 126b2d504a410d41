using System.Buffers;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Detection;

/// <summary>
/// OpenCV's YuNet (2023mar) over one ONNX session: input <c>[1, 3, H, W]</c> BGR 0–255 with H and W multiples
/// of 32; outputs <c>cls_, obj_, bbox_, kps_</c> at strides 8, 16 and 32. A model with a dynamic input sees the
/// image at its own size padded with black to multiples of 32 (OpenCV pads the same way); a fixed-size export
/// sees it shrunk to fit. Landmarks are the official five (<see cref="LandmarkLayout.EyesNoseMouthCorners"/>).
/// </summary>
public sealed class YuNetDetector : IFaceDetector
{
    public const string DefaultModelFileName = "yunet-2023mar.onnx";

    /// <summary>Images larger than this (long side) are shrunk first, which bounds the input tensor's memory.</summary>
    public const int MaxInputSide = 1920;

    private const string DetectorName = "YuNet";

    private const int Alignment = 32;

    private static readonly int[] s_strides = [8, 16, 32];

    private static readonly PixelTensorFormat s_format = new(ChannelsFirst: true, Bgr: true, Scale: 1f, Offset: 0f);

    private readonly OnnxSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public YuNetDetector(ModelSource model, DetectorThresholds? thresholds = null, InferenceOptions? inference = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Thresholds = thresholds ?? DefaultThresholds;
        _session = OnnxSessionFactory.Create(model, inference ?? InferenceOptions.Default, logger);
        try
        {
            (_inputNames, _outputNames, FixedInputHeight, FixedInputWidth) = ReadSignature(_session.Session, model.Name);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }

        logger?.LogInformation("YuNet {Model} ready on {Device}: input {Input}, score {Score}, IoU {Iou}",
            model.Name, _session.Device, FixedInputWidth is null ? "any size" : $"{FixedInputWidth}x{FixedInputHeight}", Thresholds.Score, Thresholds.NmsIou);
    }

    /// <summary>OpenCV's FaceDetectorYN defaults: 0.9 score, 0.3 IoU.</summary>
    public static DetectorThresholds DefaultThresholds { get; } = new(0.9f, 0.3f);

    /// <summary>The model file in the default models folder (see <see cref="ModelPaths"/>).</summary>
    public static string DefaultModelPath => Path.Combine(ModelPaths.DefaultDirectory, DefaultModelFileName);

    public DetectorThresholds Thresholds { get; }

    /// <summary>The input height the model was exported with, or null when it takes any size.</summary>
    public int? FixedInputHeight { get; }

    /// <summary>The input width the model was exported with, or null when it takes any size.</summary>
    public int? FixedInputWidth { get; }

    public ExecutionDevice Device => _session.Device;

    /// <summary>The input size and the window mapping it onto an image of the given size.</summary>
    public (int Width, int Height, SampleWindow Window) InputFor(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        if (FixedInputWidth is int fw && FixedInputHeight is int fh)
        {
            double fit = Math.Max((double)imageWidth / fw, (double)imageHeight / fh);
            return (fw, fh, new SampleWindow(0, 0, fit));
        }

        double scale = Math.Max(1.0, (double)Math.Max(imageWidth, imageHeight) / MaxInputSide);
        int width = AlignUp((int)Math.Ceiling(imageWidth / scale)), height = AlignUp((int)Math.Ceiling(imageHeight / scale));
        return (width, height, new SampleWindow(0, 0, scale));
    }

    /// <summary>YuNet finds faces reliably from about this many input pixels between the eyes (measured on generated group photos).</summary>
    public const double SmallestEyeDistanceInInput = 16;

    /// <summary>The input side of the tiles a large photo is seen through when one pass would shrink its small faces too far.</summary>
    public const int TileSide = 640;

    public IReadOnlyList<DetectedFace> Detect(RgbImage image) => Detect(image, double.PositiveInfinity);

    /// <summary>
    /// One pass over the whole image (shrunk to <see cref="MaxInputSide"/>), plus, when that shrinks a face of
    /// <paramref name="smallestEyeDistance"/> under <see cref="SmallestEyeDistanceInInput"/>, the tiles of a
    /// <see cref="TilePyramid"/>. A fixed-size export sees only the one pass.
    /// </summary>
    public IReadOnlyList<DetectedFace> Detect(RgbImage image, double smallestEyeDistance)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height, whole) = InputFor(image.Width, image.Height);
        var faces = new List<DetectedFace>();
        RunPass(image, width, height, whole, faces);
        if (FixedInputWidth is null && smallestEyeDistance / whole.Scale < SmallestEyeDistanceInInput)
        {
            var tiles = TilePyramid.Plan(image.Width, image.Height, TileSide, smallestEyeDistance / SmallestEyeDistanceInInput, whole.Scale);
            foreach (var (window, largest) in tiles)
            {
                int before = faces.Count;
                RunPass(image, TileSide, TileSide, window, faces);
                double side = TileSide * window.Scale;
                CutFaces.Drop(faces, before, window.Left, window.Top, window.Left + side, window.Top + side, image.Width, image.Height);
                CutFaces.DropLargerThan(faces, before, largest);
            }
        }

        return NonMaxSuppression.Hard(faces, Thresholds.NmsIou);
    }

    private void RunPass(RgbImage image, int width, int height, SampleWindow window, List<DetectedFace> faces)
    {
        int length = 3 * width * height;
        float[] tensor = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var sink = new TensorRowSink(tensor, width, height, s_format);
            WindowResampler.Resample(image, window, width, height, ref sink);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, length), [1, 3, height, width]);
            using var outputs = _session.Session.Run(_runOptions, _inputNames, [input], _outputNames);
            Decode(outputs, width, height, window, faces);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }

    private void Decode(IReadOnlyList<OrtValue> outputs, int width, int height, SampleWindow window, List<DetectedFace> faces)
    {
        for (int s = 0; s < s_strides.Length; s++)
        {
            int stride = s_strides[s];
            YuNetDecoder.Decode(
                outputs[s].GetTensorDataAsSpan<float>(),
                outputs[s_strides.Length + s].GetTensorDataAsSpan<float>(),
                outputs[(2 * s_strides.Length) + s].GetTensorDataAsSpan<float>(),
                outputs[(3 * s_strides.Length) + s].GetTensorDataAsSpan<float>(),
                stride,
                height / stride,
                width / stride,
                window,
                Thresholds.Score,
                faces);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static int AlignUp(int value) => (value + Alignment - 1) / Alignment * Alignment;

    /// <summary>Checks the input and the twelve outputs, ordered cls, obj, bbox, kps, each at strides 8, 16, 32.</summary>
    private static (string[] Inputs, string[] Outputs, int? Height, int? Width) ReadSignature(InferenceSession session, string modelName)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new IncompatibleModelException(modelName, DetectorName, $"expected one input, found {session.InputMetadata.Count}.");
        }

        var (inputName, input) = session.InputMetadata.First();
        int[] dims = input.Dimensions;
        bool fixedSize = dims.Length == 4 && dims[2] > 0 && dims[3] > 0;
        bool dynamicSize = dims.Length == 4 && dims[2] <= 0 && dims[3] <= 0;
        if (input.ElementType != typeof(float) || dims.Length != 4 || dims[0] > 1 || dims[1] != 3 || !(fixedSize || dynamicSize)
            || (fixedSize && (dims[2] % Alignment != 0 || dims[3] % Alignment != 0)))
        {
            throw new IncompatibleModelException(modelName, DetectorName,
                $"expected input float32 NCHW [1, 3, H, W] with H and W multiples of 32 (or dynamic), found {input.ElementType.Name} [{string.Join(", ", dims)}] for '{inputName}'.");
        }

        var outputs = new List<string>();
        foreach (var (prefix, length) in (ReadOnlySpan<(string, int)>)[("cls_", 1), ("obj_", 1), ("bbox_", YuNetDecoder.BoxLength), ("kps_", YuNetDecoder.KeypointLength)])
        {
            foreach (int stride in s_strides)
            {
                string name = prefix + stride;
                if (!session.OutputMetadata.TryGetValue(name, out var meta) || meta.ElementType != typeof(float)
                    || meta.Dimensions.Length != 3 || meta.Dimensions[2] != length)
                {
                    string found = string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key} [{string.Join(", ", o.Value.Dimensions)}]"));
                    throw new IncompatibleModelException(modelName, DetectorName,
                        $"expected float32 output '{name}' [1, N, {length}] (cls_, obj_, bbox_, kps_ at strides 8, 16, 32); found {found}.");
                }

                outputs.Add(name);
            }
        }

        return ([inputName], outputs.ToArray(), fixedSize ? dims[2] : null, fixedSize ? dims[3] : null);
    }
}
