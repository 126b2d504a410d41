namespace CodeFormer.Core.Imaging;

/// <summary>
/// OpenCV's bilinear weight tables for 1/32-pixel fractions, indexed by fy·32 + fx: 15-bit fixed point for
/// 8-bit images (each set sums to 32768) and float for the rest.
/// </summary>
internal static class BilinearWeights
{
    public const int Count = WarpSampling.FractionSteps * WarpSampling.FractionSteps;

    /// <summary>Four weights per fraction: top-left, top-right, bottom-left, bottom-right.</summary>
    public static readonly int[] Fixed = CreateFixed();

    public static readonly float[] Float = CreateFloat();

    private static int[] CreateFixed()
    {
        var table = new int[Count * 4];
        for (int fy = 0; fy < 32; fy++)
        {
            for (int fx = 0; fx < 32; fx++)
            {
                int i = ((fy * 32) + fx) * 4;
                table[i] = (32 - fy) * (32 - fx) * 32;
                table[i + 1] = (32 - fy) * fx * 32;
                table[i + 2] = fy * (32 - fx) * 32;
                table[i + 3] = fy * fx * 32;
            }
        }

        return table;
    }

    private static float[] CreateFloat()
    {
        var table = new float[Count * 4];
        for (int fy = 0; fy < 32; fy++)
        {
            for (int fx = 0; fx < 32; fx++)
            {
                float a = fx / 32f, b = fy / 32f;
                int i = ((fy * 32) + fx) * 4;
                table[i] = (1f - b) * (1f - a);
                table[i + 1] = (1f - b) * a;
                table[i + 2] = b * (1f - a);
                table[i + 3] = b * a;
            }
        }

        return table;
    }
}
