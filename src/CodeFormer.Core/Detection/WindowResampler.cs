using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Resamples a <see cref="SampleWindow"/> of an image to a given size, separably and one output row at a time:
/// the source rows under the row's vertical taps are summed (vectorised, over just the columns the window
/// reads) into one float row, which the horizontal taps then reduce to the output row. Doing the vertical pass
/// first keeps the scalar horizontal work proportional to the output, not to the source. Pixels whose centre
/// lies outside the image are black (0, 0, 0).
/// </summary>
internal static class WindowResampler
{
    public static void Resample<TSink>(RgbImage source, SampleWindow window, int width, int height, ref TSink sink)
        where TSink : struct, IResampledRowSink =>
        Resample(source, window.Left, window.Top, window.Scale, window.Scale, width, height, ref sink);

    /// <summary>Output pixel edge (u, v) sits at source (left + u·scaleX, top + v·scaleY).</summary>
    public static void Resample<TSink>(
        RgbImage source, double left, double top, double scaleX, double scaleY, int width, int height, ref TSink sink)
        where TSink : struct, IResampledRowSink
    {
        ArgumentNullException.ThrowIfNull(source);
        var columns = new ResampleAxis(width, left, scaleX, source.Width);
        var rows = new ResampleAxis(height, top, scaleY, source.Height);
        int rowLength = width * RgbImage.Channels;
        bool anyInside = columns.AnyInside && rows.AnyInside;
        int firstColumn = anyInside ? columns.FirstSource : 0;
        int bandLength = anyInside ? (columns.LastSource - firstColumn + 1) * RgbImage.Channels : 0;
        float[] output = ArrayPool<float>.Shared.Rent(rowLength);
        float[] band = ArrayPool<float>.Shared.Rent(Math.Max(1, bandLength));
        try
        {
            var outputRow = output.AsSpan(0, rowLength);
            var bandRow = band.AsSpan(0, bandLength);
            for (int y = 0; y < height; y++)
            {
                if (!anyInside || !rows.Inside[y])
                {
                    outputRow.Clear();
                    sink.WriteRow(y, outputRow);
                    continue;
                }

                bandRow.Clear();
                int slot = y * rows.MaxTaps;
                for (int k = 0; k < rows.TapCounts[y]; k++)
                {
                    var sourceRow = source.Row(rows.Indices[slot + k]).Slice(firstColumn * RgbImage.Channels, bandLength);
                    AccumulateScaled(sourceRow, rows.Weights[slot + k], bandRow);
                }

                FilterRow(bandRow, columns, firstColumn, outputRow);
                sink.WriteRow(y, outputRow);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(output);
            ArrayPool<float>.Shared.Return(band);
        }
    }

    /// <summary><c>accumulator[i] += weight · source[i]</c>, widening bytes to floats a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateScaled(ReadOnlySpan<byte> source, float weight, Span<float> accumulator)
    {
        if (accumulator.Length < source.Length)
        {
            throw new ArgumentException("The accumulator is shorter than the source.", nameof(accumulator));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            int step = Vector<byte>.Count, floats = Vector<float>.Count;
            for (; i <= source.Length - step; i += step)
            {
                Vector.Widen(new Vector<byte>(source.Slice(i)), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> a, out Vector<uint> b);
                Vector.Widen(high, out Vector<uint> c, out Vector<uint> d);
                var target = accumulator.Slice(i, step);
                Accumulate(Vector.ConvertToSingle(Vector.AsVectorInt32(a)), w, target[..floats]);
                Accumulate(Vector.ConvertToSingle(Vector.AsVectorInt32(b)), w, target.Slice(floats, floats));
                Accumulate(Vector.ConvertToSingle(Vector.AsVectorInt32(c)), w, target.Slice(2 * floats, floats));
                Accumulate(Vector.ConvertToSingle(Vector.AsVectorInt32(d)), w, target.Slice(3 * floats, floats));
            }
        }

        for (; i < source.Length; i++)
        {
            accumulator[i] += weight * source[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector<float> values, Vector<float> weight, Span<float> target) =>
        ((values * weight) + new Vector<float>(target)).CopyTo(target);

    /// <summary>The horizontal taps over a band of source pixels starting at column <paramref name="firstColumn"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterRow(ReadOnlySpan<float> band, ResampleAxis columns, int firstColumn, Span<float> destination)
    {
        int[] indices = columns.Indices;
        float[] weights = columns.Weights;
        for (int x = 0; x < columns.Length; x++)
        {
            int o = x * RgbImage.Channels;
            if (!columns.Inside[x])
            {
                destination[o] = destination[o + 1] = destination[o + 2] = 0;
                continue;
            }

            float r = 0, g = 0, b = 0;
            int slot = x * columns.MaxTaps;
            int end = slot + columns.TapCounts[x];
            for (int k = slot; k < end; k++)
            {
                int p = (indices[k] - firstColumn) * RgbImage.Channels;
                float w = weights[k];
                r += w * band[p];
                g += w * band[p + 1];
                b += w * band[p + 2];
            }

            destination[o] = r;
            destination[o + 1] = g;
            destination[o + 2] = b;
        }
    }
}
