using System.Numerics;
using System.Runtime.CompilerServices;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Element-wise minimum and fill for mask rows, compiled fully optimised from the first call. TensorPrimitives
/// and Span.Fill over float start out as unoptimised tier-0 code in a fresh process (neither is precompiled for
/// float), and paste-back, which runs once per image, would spend most of its life in that code.
/// </summary>
internal static class FloatKernels
{
    /// <summary>destination[i] = min(left[i], right[i]), as Math.Min (NaN wins, −0 below +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Min(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> destination)
    {
        int n = destination.Length;
        if (left.Length < n || right.Length < n)
        {
            throw new ArgumentException("The inputs are shorter than the destination.");
        }

        int i = 0, lanes = Vector<float>.Count;
        for (; i <= n - lanes; i += lanes)
        {
            Vector.Min(new Vector<float>(left[i..]), new Vector<float>(right[i..])).CopyTo(destination[i..]);
        }

        for (; i < n; i++)
        {
            destination[i] = Math.Min(left[i], right[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(Span<float> destination, float value)
    {
        int i = 0, lanes = Vector<float>.Count;
        var vector = new Vector<float>(value);
        for (; i <= destination.Length - lanes; i += lanes)
        {
            vector.CopyTo(destination[i..]);
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = value;
        }
    }
}
