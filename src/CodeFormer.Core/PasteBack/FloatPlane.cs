using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// A single-channel float image (a mask), row-major, on a pooled buffer: paste-back makes several per face,
/// and fresh multi-megabyte arrays each time would mostly cost garbage collections. Dispose returns the buffer.
/// </summary>
internal sealed class FloatPlane : IDisposable
{
    private float[]? _buffer;

    /// <summary>A zero-filled plane.</summary>
    public FloatPlane(int width, int height)
        : this(width, height, clear: true)
    {
    }

    private FloatPlane(int width, int height, bool clear)
    {
        Width = width;
        Height = height;
        _buffer = ArrayPool<float>.Shared.Rent(checked(width * height));
        if (clear)
        {
            Values.Clear();
        }
    }

    /// <summary>A plane holding whatever the pooled buffer held, for a kernel about to write every value.</summary>
    public static FloatPlane Uninitialized(int width, int height) => new(width, height, clear: false);

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pooled array behind the plane; only its first Width × Height entries belong to it.</summary>
    public float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(FloatPlane));

    public Span<float> Values => Buffer.AsSpan(0, Width * Height);

    public Span<float> Row(int y) => Buffer.AsSpan(y * Width, Width);

    /// <summary>
    /// The sum in double, four vector accumulators at a time. For warped masks every value is a multiple of 2⁻¹⁰ in
    /// [0, 1] (products and sums of 1/32 bilinear fractions, and minima of those), so every partial sum is exact and
    /// the order of summation cannot change the result.
    /// </summary>
    public double Sum() => Sum(Values);

    /// <summary>The sum of rows [<paramref name="first"/>, <paramref name="end"/>), as <see cref="Sum()"/>.</summary>
    public double Sum(int first, int end) => Sum(Buffer.AsSpan(first * Width, (end - first) * Width));

    /// <summary>A new plane holding rows [<paramref name="first"/>, <paramref name="end"/>) of this one.</summary>
    public FloatPlane Rows(int first, int end)
    {
        var rows = Uninitialized(Width, end - first);
        Buffer.AsSpan(first * Width, rows.Width * rows.Height).CopyTo(rows.Values);
        return rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(ReadOnlySpan<float> values)
    {
        int lanes = Vector<float>.Count, i = 0;
        Vector<double> a = Vector<double>.Zero, b = Vector<double>.Zero, c = Vector<double>.Zero, d = Vector<double>.Zero;
        for (; i <= values.Length - (2 * lanes); i += 2 * lanes)
        {
            Vector.Widen(new Vector<float>(values[i..]), out var low, out var high);
            a += low;
            b += high;
            Vector.Widen(new Vector<float>(values[(i + lanes)..]), out low, out high);
            c += low;
            d += high;
        }

        double sum = Vector.Sum((a + b) + (c + d));
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
