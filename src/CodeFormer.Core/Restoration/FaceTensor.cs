using System.Runtime.CompilerServices;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Restoration;

/// <summary>
/// Conversions between 512×512 RGB faces and the network's NCHW float tensors, as the official script does them:
/// in: x/255 (rounded to float32), then (x − 0.5)/0.5; out: clamp to [−1, 1], (x + 1)/2, ×255, round half to even.
/// </summary>
public static class FaceTensor
{
    public const int Plane = CodeFormerSignature.Size * CodeFormerSignature.Size;
    public const int FaceLength = 3 * Plane;

    private static readonly float[] s_input = CreateInputTable();

    /// <summary>Writes one face into its NCHW slot (3 × 512 × 512 floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(RgbImage face, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (face.Width != CodeFormerSignature.Size || face.Height != CodeFormerSignature.Size)
        {
            throw new ArgumentException($"Faces must be {CodeFormerSignature.Size}×{CodeFormerSignature.Size}, got {face.Width}×{face.Height}.", nameof(face));
        }

        var r = destination[..Plane];
        var g = destination.Slice(Plane, Plane);
        var b = destination.Slice(2 * Plane, Plane);
        ReadOnlySpan<byte> px = face.Pixels;
        for (int i = 0, p = 0; i < Plane; i++, p += 3)
        {
            r[i] = s_input[px[p]];
            g[i] = s_input[px[p + 1]];
            b[i] = s_input[px[p + 2]];
        }
    }

    /// <summary>Reads one face from its NCHW slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RgbImage Read(ReadOnlySpan<float> source)
    {
        var face = new RgbImage(CodeFormerSignature.Size, CodeFormerSignature.Size);
        var r = source[..Plane];
        var g = source.Slice(Plane, Plane);
        var b = source.Slice(2 * Plane, Plane);
        var px = face.Pixels.AsSpan();
        for (int i = 0, p = 0; i < Plane; i++, p += 3)
        {
            px[p] = ToByte(r[i]);
            px[p + 1] = ToByte(g[i]);
            px[p + 2] = ToByte(b[i]);
        }

        return face;
    }

    private static byte ToByte(float v)
    {
        // NaN survives a clamp; numpy's cast of it to uint8 gives 0.
        if (float.IsNaN(v))
        {
            return 0;
        }

        float unit = (Math.Clamp(v, -1f, 1f) + 1f) / 2f;
        return (byte)MathF.Round(unit * 255f, MidpointRounding.ToEven);
    }

    private static float[] CreateInputTable()
    {
        var table = new float[256];
        for (int v = 0; v < 256; v++)
        {
            table[v] = ((float)(v / 255.0) - 0.5f) / 0.5f;
        }

        return table;
    }
}
