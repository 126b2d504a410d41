using System.Buffers;
using System.Globalization;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Detection;

/// <summary>
/// RetinaFace (ResNet-50 or MobileNet-0.25 backbone) over one ONNX session, as the official
/// <c>detect_faces</c> runs it with <c>use_origin_size</c>: the image at its own size, BGR minus (104, 117, 123),
/// no scaling, NCHW; then <see cref="RetinaFaceDecoder"/>. The outputs are recognised by their last axis
/// (4 box, 2 score, 10 landmark values per prior), so the exporter's names do not matter. Landmarks are the
/// official five. <see cref="RetinaFaceFinder"/> adds the official helper's resize and filter around it.
/// </summary>
public sealed class RetinaFaceDetector : IFaceDetector
{
    private const string DetectorName = "RetinaFace";

    /// <summary>The mean the official detector subtracts, in its channel order B, G, R.</summary>
    private static readonly float[] s_meanBgr = [104f, 117f, 123f];

    private readonly OnnxSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly double _nmsThreshold;

    public RetinaFaceDetector(ModelSource model, DetectorThresholds? thresholds = null, InferenceOptions? inference = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Thresholds = thresholds ?? DefaultThresholds;
        // torchvision compares the float32 IoU with a Python float: the threshold the user wrote (0.4), not 0.4f.
        _nmsThreshold = double.Parse(Thresholds.NmsIou.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        _session = OnnxSessionFactory.Create(model, inference ?? InferenceOptions.Default, logger);
        try
        {
            (_inputName, _outputNames) = ReadSignature(_session.Session, model.Name);
        }
        catch
        {
            Dispose();
            throw;
        }

        logger?.LogInformation("RetinaFace {Model} ready on {Device}: score > {Score}, IoU {Iou}", model.Name, _session.Device, Thresholds.Score, Thresholds.NmsIou);
    }

    /// <summary>The official <c>detect_faces</c> defaults: score above 0.8, IoU 0.4.</summary>
    public static DetectorThresholds DefaultThresholds { get; } = new(0.8f, 0.4f);

    public DetectorThresholds Thresholds { get; }

    public ExecutionDevice Device => _session.Device;

    /// <summary>The network's input: channels B, G, R minus (104, 117, 123), as [1, 3, H, W] floats.</summary>
    public static float[] InputTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = new float[3 * image.Width * image.Height];
        Fill(image, tensor);
        return tensor;
    }

    /// <summary>The official rows (detector-input pixels, NMS order) for the image as given.</summary>
    public List<RetinaFaceRow> DetectRows(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int plane = image.Width * image.Height, length = 3 * plane;
        float[] tensor = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Fill(image, tensor);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, length), [1, 3, image.Height, image.Width]);
            using var outputs = _session.Session.Run(_runOptions, [_inputName], [input], _outputNames);
            var priors = RetinaFacePriors.For(image.Width, image.Height);
            return RetinaFaceDecoder.Decode(
                outputs[0].GetTensorDataAsSpan<float>(), outputs[1].GetTensorDataAsSpan<float>(), outputs[2].GetTensorDataAsSpan<float>(),
                priors, Thresholds.Score, _nmsThreshold);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }

    public IReadOnlyList<DetectedFace> Detect(RgbImage image) =>
        RetinaFaceLandmarks.ToFaces(DetectRows(image), 1f, image.Width, image.Height, 0, onlyCenterFace: false, largestFace: false);

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static void Fill(RgbImage image, Span<float> tensor)
    {
        int plane = image.Width * image.Height;
        byte[] px = image.Pixels;
        for (int c = 0; c < 3; c++)
        {
            // Plane c holds blue, green, red in turn: RGB byte 2 − c.
            var dst = tensor.Slice(c * plane, plane);
            float mean = s_meanBgr[c];
            for (int i = 0, src = 2 - c; i < plane; i++, src += 3)
            {
                dst[i] = px[src] - mean;
            }
        }
    }

    /// <summary>One float [N, 3, H, W] input and three float outputs told apart by their last axis: 4 (loc), 2 (conf), 10 (landmarks).</summary>
    private static (string Input, string[] Outputs) ReadSignature(InferenceSession session, string modelName)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new IncompatibleModelException(modelName, DetectorName, $"expected one input, found {session.InputMetadata.Count}.");
        }

        var (inputName, input) = session.InputMetadata.First();
        int[] dims = input.Dimensions;
        if (input.ElementType != typeof(float) || dims.Length != 4 || dims[0] > 1 || dims[1] != 3)
        {
            throw new IncompatibleModelException(modelName, DetectorName,
                $"expected input float32 NCHW [1, 3, H, W], found {input.ElementType.Name} [{string.Join(", ", dims)}] for '{inputName}'.");
        }

        var outputs = new string[3];
        foreach (var (name, meta) in session.OutputMetadata)
        {
            int slot = meta.ElementType == typeof(float) && meta.Dimensions.Length is 2 or 3
                ? meta.Dimensions[^1] switch
                {
                    RetinaFaceDecoder.LocLength => 0,
                    RetinaFaceDecoder.ConfLength => 1,
                    RetinaFaceDecoder.LandmarkLength => 2,
                    _ => -1,
                }
                : -1;
            if (slot >= 0 && outputs[slot] is null)
            {
                outputs[slot] = name;
            }
        }

        if (outputs.Any(o => o is null))
        {
            string found = string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key} {o.Value.ElementType.Name} [{string.Join(", ", o.Value.Dimensions)}]"));
            throw new IncompatibleModelException(modelName, DetectorName,
                $"expected float32 outputs [1, P, 4] (boxes), [1, P, 2] (scores) and [1, P, 10] (landmarks); found {found}.");
        }

        return (inputName, outputs);
    }
}
