using CodeFormer.Network.Architecture;

namespace CodeFormer.Network.Tests.Architecture;

/// <summary>
/// The released topology (every block kind, attention at 16, fusion, 256 tokens, AdaIN) at 128 pixels and
/// narrow widths: builds and runs in about a second, for properties that do not need the full size.
/// </summary>
internal static class NarrowConfig
{
    public static CodeFormerConfig Value { get; } = CodeFormerConfig.Released with
    {
        ImageSize = 128,
        BaseChannels = 32,
        ChannelMultipliers = [1, 1, 2, 2],
        FusionResolutions = [32, 64, 128],
        CodebookSize = 64,
        CodeDimension = 32,
        TransformerLayers = 2,
        TransformerWidth = 64,
        TransformerHeads = 4,
        TransformerMlpWidth = 128,
    };

    public static float[] Faces(int batch, int seed)
    {
        var random = new Random(seed);
        var values = new float[batch * 3 * Value.ImageSize * Value.ImageSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
