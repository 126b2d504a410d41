using System.Runtime.InteropServices;
using Xunit;

namespace CodeFormer.Testing;

/// <summary>Reference tensors: reading raw float32 files and comparing outputs element by element.</summary>
public static class FloatArrays
{
    /// <summary>A little-endian float32 file (the shared reference inputs and outputs).</summary>
    public static float[] Read(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }
}
