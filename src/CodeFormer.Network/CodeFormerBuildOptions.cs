using CodeFormer.Network.Architecture;

namespace CodeFormer.Network;

/// <summary>How <see cref="CodeFormerOnnxBuilder"/> emits the network.</summary>
/// <param name="Config">The architecture; <see cref="CodeFormerConfig.Released"/> unless testing a narrow copy.</param>
/// <param name="Precision">Weight storage precision.</param>
public sealed record CodeFormerBuildOptions(CodeFormerConfig Config, WeightPrecision Precision = WeightPrecision.Float32)
{
    public CodeFormerConfig Config { get; init; } = Config ?? throw new ArgumentNullException(nameof(Config));

    public static CodeFormerBuildOptions Released { get; } = new(CodeFormerConfig.Released);
}
