using System.Buffers;
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
    {
        Width = width;
        Height = height;
        _buffer = ArrayPool<float>.Shared.Rent(checked(width * height));
        Values.Clear();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pooled array behind the plane; only its first Width × Height entries belong to it.</summary>
    public float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(FloatPlane));

    public Span<float> Values => Buffer.AsSpan(0, Width * Height);

    public Span<float> Row(int y) => Buffer.AsSpan(y * Width, Width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Sum()
    {
        double sum = 0;
        foreach (float v in Values)
        {
            sum += v;
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
