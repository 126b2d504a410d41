using System.Buffers;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Detection;

/// <summary>
/// MediaPipe BlazeFace over one ONNX session: input <c>[1, S, S, 3]</c> RGB in [−1, 1]; outputs the score logits
/// and regressors of the 512 fine and 384 coarse anchors. The photo is seen letterboxed and through overlapping
/// tiles (<see cref="BlazeFaceTiling"/>, sized for the back model); all passes are merged by weighted NMS.
/// Landmarks are <see cref="LandmarkLayout.EyesNoseMouthCentre"/>.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector
{
    private const string DetectorName = "BlazeFace";

    private static readonly PixelTensorFormat s_format = new(ChannelsFirst: false, Bgr: false, Scale: 2f / 255f, Offset: -1f);

    private readonly OnnxSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;
    private readonly Point2[] _anchors = BlazeFaceAnchors.Create();

    public BlazeFaceDetector(ModelSource model, DetectorThresholds? thresholds = null, InferenceOptions? inference = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Thresholds = thresholds ?? DefaultThresholds;
        _session = OnnxSessionFactory.Create(model, inference ?? InferenceOptions.Default, logger);
        try
        {
            (_inputNames, _outputNames, InputSize) = ReadSignature(_session.Session, model.Name);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }

        _inputShape = [1, InputSize, InputSize, 3];
        logger?.LogInformation("BlazeFace {Model} ready on {Device}: input {Size}x{Size}, score {Score}, IoU {Iou}",
            model.Name, _session.Device, InputSize, InputSize, Thresholds.Score, Thresholds.NmsIou);
    }

    /// <summary>
    /// MediaPipe's 0.3 IoU; its 0.5 score is meant for one pass. Seen through the tiles, the best non-face on the
    /// shared photos (part of a large face) scores 0.59, and faces in a crowd with 15 px between the eyes at
    /// detection size score from 0.70 up, hence 0.7.
    /// </summary>
    public static DetectorThresholds DefaultThresholds { get; } = new(0.7f, 0.3f);

    public DetectorThresholds Thresholds { get; }

    /// <summary>The model's square input side (256 for the back model, 128 for the front one).</summary>
    public int InputSize { get; }

    public ExecutionDevice Device => _session.Device;

    public static BlazeFaceDetector CreateEmbedded(
        BlazeFaceVariant variant = BlazeFaceVariant.Back256, DetectorThresholds? thresholds = null, InferenceOptions? inference = null, ILogger? logger = null) =>
        new(EmbeddedModel(variant), thresholds, inference, logger);

    /// <summary>The model bytes embedded in this assembly.</summary>
    public static ModelSource EmbeddedModel(BlazeFaceVariant variant)
    {
        string name = variant switch
        {
            BlazeFaceVariant.Back256 => "BlazeFace.back256.onnx",
            BlazeFaceVariant.Front128 => "BlazeFace.front128.onnx",
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown BlazeFace variant."),
        };
        using var stream = typeof(BlazeFaceDetector).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the core assembly (build with .ci/fetch-blazeface).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return ModelSource.FromBytes(name, bytes);
    }

    public IReadOnlyList<DetectedFace> Detect(RgbImage image) => Detect(image, double.PositiveInfinity);

    public IReadOnlyList<DetectedFace> Detect(RgbImage image, double smallestEyeDistance)
    {
        ArgumentNullException.ThrowIfNull(image);
        var windows = BlazeFaceTiling.Plan(image.Width, image.Height, InputSize, smallestEyeDistance);
        var candidates = new List<DetectedFace>();
        var precisions = new List<double>();
        int length = InputSize * InputSize * 3;
        float[] tensor = ArrayPool<float>.Shared.Rent(length);
        try
        {
            foreach (var window in windows)
            {
                int before = candidates.Count;
                RunPass(image, window, tensor, length, candidates);
                CutFaces.DropLargerThan(candidates, before, BlazeFaceTiling.LargestFaceFor(window, image.Width, image.Height, InputSize));
                // The model's landmark error is about constant in its input pixels, so in image pixels it
                // grows with the window's scale: weigh each pass's landmarks by the inverse variance.
                precisions.AddRange(Enumerable.Repeat(1 / (window.Scale * window.Scale), candidates.Count - precisions.Count));
            }

            var merged = NonMaxSuppression.Weighted(candidates, Thresholds.NmsIou, precisions);
            return merged.ConvertAll(face => Refine(image, face, tensor, length));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }

    /// <summary>Window sides, in boxes, of the close looks that refine each face, for a 256 input (scaled with the input: the face stays 40–65 input pixels).</summary>
    private static readonly double[] s_refineWindows = [4, 5, 6];

    /// <summary>
    /// The model's landmark error is about constant in its input pixels, so a face found near a pass's lower limit
    /// (a few input pixels between the eyes) has landmarks off by a large part of its eye distance. Looking again
    /// through windows a few boxes wide, centred on the face, shows it at 40–65 input pixels; the mean of those
    /// looks replaces the merged detection. A look that does not find the face again is ignored.
    /// </summary>
    private DetectedFace Refine(RgbImage image, DetectedFace face, float[] tensor, int length)
    {
        var looks = new List<DetectedFace>();
        var found = new List<DetectedFace>();
        double size = Math.Max(Math.Max(face.Box.Width, face.Box.Height), InputSize / 8.0);
        foreach (double boxes in s_refineWindows)
        {
            double side = boxes * size * InputSize / 256;
            var centre = face.Box.Centre;
            found.Clear();
            RunPass(image, SampleWindow.Square(centre.X - (side / 2), centre.Y - (side / 2), side, InputSize), tensor, length, found);
            var same = found.Where(f => f.Box.IntersectionOverUnion(face.Box) > Thresholds.NmsIou).MaxBy(f => f.Score);
            if (same is not null)
            {
                looks.Add(same);
            }
        }

        if (looks.Count == 0)
        {
            return face;
        }

        var mean = NonMaxSuppression.Weighted(looks, iouThreshold: -1)[0];
        return new DetectedFace(mean.Box, face.Score, mean.Landmarks);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    internal void RunPass(RgbImage image, SampleWindow window, float[] tensor, int length, List<DetectedFace> faces)
    {
        var sink = new TensorRowSink(tensor, InputSize, InputSize, s_format);
        WindowResampler.Resample(image, window, InputSize, InputSize, ref sink);
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, length), _inputShape);
        using var outputs = _session.Session.Run(_runOptions, _inputNames, [input], _outputNames);
        int before = faces.Count;
        var fine = _anchors.AsSpan(0, BlazeFaceAnchors.FineCount);
        var coarse = _anchors.AsSpan(BlazeFaceAnchors.FineCount);
        BlazeFaceDecoder.Decode(outputs[0].GetTensorDataAsSpan<float>(), outputs[2].GetTensorDataAsSpan<float>(), fine, InputSize, window, Thresholds.Score, faces);
        BlazeFaceDecoder.Decode(outputs[1].GetTensorDataAsSpan<float>(), outputs[3].GetTensorDataAsSpan<float>(), coarse, InputSize, window, Thresholds.Score, faces);
        DropCutFaces(faces, before, window, InputSize, image.Width, image.Height);
    }

    internal static void DropCutFaces(List<DetectedFace> faces, int from, SampleWindow window, int inputSize, int width, int height) =>
        CutFaces.Drop(faces, from, window.Left, window.Top, window.Left + (inputSize * window.Scale), window.Top + (inputSize * window.Scale), width, height);

    /// <summary>Checks the model's input and outputs and orders the outputs as fine scores, coarse scores, fine regressors, coarse regressors.</summary>
    private static (string[] Inputs, string[] Outputs, int InputSize) ReadSignature(InferenceSession session, string modelName)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new IncompatibleModelException(modelName, DetectorName, $"expected one input, found {session.InputMetadata.Count}.");
        }

        var (inputName, input) = session.InputMetadata.First();
        int[] dims = input.Dimensions;
        if (input.ElementType != typeof(float) || dims.Length != 4 || dims[0] != 1 || dims[3] != 3 || dims[1] <= 0 || dims[1] != dims[2] || dims[1] % 16 != 0)
        {
            throw new IncompatibleModelException(modelName, DetectorName,
                $"expected input float32 NHWC [1, S, S, 3] with a fixed square size S, found {input.ElementType.Name} [{string.Join(", ", dims)}] for '{inputName}'.");
        }

        string? Find(int anchors, int width) => session.OutputMetadata
            .Where(o => o.Value.ElementType == typeof(float) && o.Value.Dimensions.SequenceEqual([1, anchors, width]))
            .Select(o => o.Key)
            .FirstOrDefault();

        string?[] outputs =
        [
            Find(BlazeFaceAnchors.FineCount, 1),
            Find(BlazeFaceAnchors.Count - BlazeFaceAnchors.FineCount, 1),
            Find(BlazeFaceAnchors.FineCount, BlazeFaceDecoder.RegressorLength),
            Find(BlazeFaceAnchors.Count - BlazeFaceAnchors.FineCount, BlazeFaceDecoder.RegressorLength),
        ];
        if (session.OutputMetadata.Count != 4 || Array.Exists(outputs, o => o is null))
        {
            string found = string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key} [{string.Join(", ", o.Value.Dimensions)}]"));
            throw new IncompatibleModelException(modelName, DetectorName,
                $"expected four float32 outputs [1, 512, 1], [1, 384, 1], [1, 512, 16], [1, 384, 16]; found {found}.");
        }

        return ([inputName], outputs.Select(o => o!).ToArray(), dims[1]);
    }
}
