using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CodeFormer.Core.Restoration;

/// <summary>
/// What a CodeFormer ONNX export looks like, read once from the session: image input `input` or `x`
/// (float32 [N,3,512,512], RGB in [−1, 1]), optional fidelity `weight` or `w` (float64 or float32, [1] or scalar),
/// and the restored image as the first output. Anything else is refused with what was found.
/// </summary>
public sealed record CodeFormerSignature(string ImageInput, FidelityInput? Fidelity, string ImageOutput, int? FixedBatch)
{
    public const int Size = 512;

    private static readonly string[] s_imageNames = ["input", "x"];
    private static readonly string[] s_fidelityNames = ["weight", "w"];

    public bool DynamicBatch => FixedBatch is null;

    public static CodeFormerSignature Read(InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        string found = Describe(session);
        string Fail(string problem) => throw new ModelSignatureException($"Not a CodeFormer model: {problem}. Expected input 'input' or 'x' float32 [N,3,512,512], optional 'weight' or 'w' float64/float32 [1], image output first. Found {found}.");

        string? imageName = s_imageNames.FirstOrDefault(session.InputMetadata.ContainsKey);
        if (imageName is null)
        {
            Fail("no image input named 'input' or 'x'");
        }

        var image = session.InputMetadata[imageName!];
        if (image.ElementDataType != TensorElementType.Float || !IsFaceShape(image.Dimensions))
        {
            Fail($"input '{imageName}' is not float32 [N,3,{Size},{Size}]");
        }

        FidelityInput? fidelity = null;
        foreach (var (name, meta) in session.InputMetadata)
        {
            if (name == imageName)
            {
                continue;
            }

            if (!s_fidelityNames.Contains(name) || fidelity is not null)
            {
                Fail($"unexpected input '{name}'");
            }

            bool isDouble = meta.ElementDataType == TensorElementType.Double;
            bool scalar = meta.Dimensions.Length == 0;
            if ((!isDouble && meta.ElementDataType != TensorElementType.Float) || !(scalar || (meta.Dimensions.Length == 1 && meta.Dimensions[0] is 1 or -1)))
            {
                Fail($"fidelity input '{name}' is not a float64/float32 scalar or [1]");
            }

            fidelity = new FidelityInput(name, isDouble, scalar);
        }

        var output = session.OutputMetadata.First();
        var o = output.Value;
        if (o.ElementDataType != TensorElementType.Float || !IsFaceShape(o.Dimensions))
        {
            Fail($"first output '{output.Key}' is not float32 [N,3,{Size},{Size}]");
        }

        int batch = image.Dimensions[0];
        return new CodeFormerSignature(imageName!, fidelity, output.Key, batch > 0 ? batch : null);
    }

    public override string ToString()
    {
        string batch = FixedBatch is { } b ? $"fixed batch {b}" : "dynamic batch";
        string w = Fidelity is null ? "no fidelity input" : $"fidelity '{Fidelity.Name}' {(Fidelity.IsDouble ? "float64" : "float32")} {(Fidelity.IsScalar ? "scalar" : "[1]")}";
        return $"image '{ImageInput}' float32 [N,3,512,512] → '{ImageOutput}', {w}, {batch}";
    }

    /// <summary>[N, 3, 512, 512], where an export may leave any dimension symbolic (−1).</summary>
    private static bool IsFaceShape(int[] d) =>
        d.Length == 4 && (d[1] == 3 || d[1] < 0) && (d[2] == Size || d[2] < 0) && (d[3] == Size || d[3] < 0);

    private static string Describe(InferenceSession session)
    {
        static string One(string name, NodeMetadata m) =>
            $"{name} {m.ElementDataType} [{string.Join(",", m.Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
        return "inputs " + string.Join("; ", session.InputMetadata.Select(kv => One(kv.Key, kv.Value)))
            + "; outputs " + string.Join("; ", session.OutputMetadata.Select(kv => One(kv.Key, kv.Value)));
    }
}
