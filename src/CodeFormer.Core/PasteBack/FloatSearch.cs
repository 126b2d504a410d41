using System.Runtime.InteropServices;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Span searches for masks on the floats' bit patterns: .NET vectorises these searches only for types whose
/// equality is bitwise, which float's is not (−0 = 0, NaN ≠ NaN), so float searches go element by element.
/// Matching bits is stricter than matching values (−0 does not match 0), so callers use a hit only to skip work.
/// </summary>
internal static class FloatSearch
{
    public static int IndexOfAnyExcept(ReadOnlySpan<float> values, float value) =>
        MemoryMarshal.Cast<float, int>(values).IndexOfAnyExcept(BitConverter.SingleToInt32Bits(value));

    public static int LastIndexOfAnyExcept(ReadOnlySpan<float> values, float value) =>
        MemoryMarshal.Cast<float, int>(values).LastIndexOfAnyExcept(BitConverter.SingleToInt32Bits(value));

    public static bool ContainsAnyExcept(ReadOnlySpan<float> values, float value) => IndexOfAnyExcept(values, value) >= 0;
}
