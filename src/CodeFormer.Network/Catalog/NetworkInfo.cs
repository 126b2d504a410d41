using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Catalog;

/// <summary>One network the official pipeline uses: where its checkpoint is published, how it is laid out, and how it becomes ONNX.</summary>
/// <param name="Name">The model's name on the command line and its file name in the models folder (<c>{Name}.onnx</c>).</param>
/// <param name="CheckpointFileName">The released file's name (kept under that name beside the model).</param>
/// <param name="CheckpointKey">The top-level entry holding the state dictionary, or null when the file is the dictionary itself.</param>
/// <param name="StrippedPrefix">A leading prefix the official loader removes from every key that has it (e.g. <c>module.</c>), or null.</param>
public sealed record NetworkInfo(
    string Name,
    string Title,
    string Purpose,
    string Licence,
    string CheckpointFileName,
    string Url,
    string? CheckpointKey,
    string? StrippedPrefix,
    Func<IReadOnlyList<ParameterSpec>> Specs,
    Func<ParameterSet, WeightPrecision, OnnxModel> Build)
{
    public string ModelFileName => Name + ".onnx";

    /// <summary>Whether <see cref="Build"/> can store weights as float16 (only CodeFormer; the others are float32).</summary>
    public bool SupportsFloat16 { get; init; }

    /// <summary>The checkpoint's tensors under the names the network expects (the loader's prefix stripped).</summary>
    public ParameterSet Normalise(ParameterSet checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return StrippedPrefix is null ? checkpoint : checkpoint.WithoutPrefix(StrippedPrefix);
    }
}
