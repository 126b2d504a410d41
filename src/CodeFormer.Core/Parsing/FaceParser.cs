using CodeFormer.Core.Alignment;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Parsing;

/// <summary>
/// The official paste-back's face parsing (ParseNet, 19 labels) over one ONNX session: a 512×512 restored face in,
/// (x / 255 − 0.5) / 0.5 in float32, RGB, NCHW; the labels are the argmax of the parsing logits (first index on
/// ties). The parsing output is recognised by its 19 channels, so the exporter's names and output order do not matter.
/// </summary>
public sealed class FaceParser : IDisposable
{
    /// <summary>The file in the models folder (<c>models fetch parsenet</c> writes it there).</summary>
    public const string DefaultModelFileName = ModelPaths.ParseNet + ".onnx";

    private const string NetworkName = "ParseNet";

    private readonly OnnxSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string _outputName;

    public FaceParser(ModelSource model, InferenceOptions? inference = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _session = OnnxSessionFactory.Create(model, inference ?? InferenceOptions.Default, logger);
        try
        {
            (_inputName, _outputName) = ReadSignature(_session.Session, model.Name);
        }
        catch
        {
            Dispose();
            throw;
        }

        logger?.LogInformation("ParseNet {Model} ready on {Device}", model.Name, _session.Device);
    }

    public ExecutionDevice Device => _session.Device;

    /// <summary>The labels of a restored face (8-bit, the colour path).</summary>
    public byte[] Parse(RgbImage face)
    {
        ArgumentNullException.ThrowIfNull(face);
        RequireCropSize(face.Width, face.Height);
        var px = face.Pixels;
        return Run(InputTensor(px.Length / 3, i => px[i]));
    }

    /// <summary>The labels of a face kept in doubles (the grayscale path's gray + statistics face, interleaved RGB), cast to float32 first as the official code does.</summary>
    public byte[] Parse(double[] face)
    {
        ArgumentNullException.ThrowIfNull(face);
        int size = FfhqTemplate.CropSize;
        if (face.Length < size * size * 3)
        {
            throw new ArgumentException($"Expected a {size}x{size} RGB face.", nameof(face));
        }

        return Run(InputTensor(size * size, i => (float)face[i]));
    }

    /// <summary>The network input for interleaved RGB values: per channel (v / 255 − 0.5) / 0.5 in float32, NCHW.</summary>
    public static float[] InputTensor(int pixels, Func<int, float> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tensor = new float[3 * pixels];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < pixels; i++)
            {
                tensor[(c * pixels) + i] = ((value((i * 3) + c) / 255f) - 0.5f) / 0.5f;
            }
        }

        return tensor;
    }

    /// <summary>Per pixel the index of the largest of the channels' logits, the first on ties ([19, H, W] in, H·W out).</summary>
    public static byte[] Argmax(ReadOnlySpan<float> logits, int pixels)
    {
        if (logits.Length != ParseMask.LabelCount * pixels)
        {
            throw new ArgumentException($"Expected {ParseMask.LabelCount} channels of {pixels} logits, got {logits.Length} values.", nameof(logits));
        }

        var labels = new byte[pixels];
        var best = logits[..pixels].ToArray();
        for (int c = 1; c < ParseMask.LabelCount; c++)
        {
            var channel = logits.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++)
            {
                if (channel[i] > best[i])
                {
                    best[i] = channel[i];
                    labels[i] = (byte)c;
                }
            }
        }

        return labels;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private byte[] Run(float[] tensor)
    {
        int size = FfhqTemplate.CropSize;
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, size, size]);
        using var outputs = _session.Session.Run(_runOptions, [_inputName], [input], [_outputName]);
        return Argmax(outputs[0].GetTensorDataAsSpan<float>(), size * size);
    }

    private static void RequireCropSize(int width, int height)
    {
        int size = FfhqTemplate.CropSize;
        if (width != size || height != size)
        {
            throw new ArgumentException($"Face parsing takes {size}x{size} faces, got {width}x{height}.");
        }
    }

    /// <summary>One float [N, 3, 512, 512] input (sizes may be dynamic); the output with 19 channels is the parsing.</summary>
    private static (string Input, string Output) ReadSignature(InferenceSession session, string modelName)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new IncompatibleModelException(modelName, NetworkName, $"expected one input, found {session.InputMetadata.Count}.");
        }

        var (inputName, input) = session.InputMetadata.First();
        int[] dims = input.Dimensions;
        int size = FfhqTemplate.CropSize;
        if (input.ElementType != typeof(float) || dims.Length != 4 || dims[0] > 1 || dims[1] != 3 || dims[2] is > 0 and var h && h != size || dims[3] is > 0 and var w && w != size)
        {
            throw new IncompatibleModelException(modelName, NetworkName,
                $"expected input float32 NCHW [1, 3, 512, 512], found {input.ElementType.Name} [{string.Join(", ", dims)}] for '{inputName}'.");
        }

        var parsing = session.OutputMetadata.FirstOrDefault(o => o.Value.ElementType == typeof(float) && o.Value.Dimensions.Length == 4 && o.Value.Dimensions[1] == ParseMask.LabelCount);
        if (parsing.Key is null)
        {
            string found = string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key} {o.Value.ElementType.Name} [{string.Join(", ", o.Value.Dimensions)}]"));
            throw new IncompatibleModelException(modelName, NetworkName, $"expected a float32 output [1, 19, 512, 512] (the parsing logits); found {found}.");
        }

        return (inputName, parsing.Key);
    }
}
