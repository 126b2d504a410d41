using System.Buffers;
using System.Numerics.Tensors;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Resamples a <see cref="SampleWindow"/> of an image to a given size, separably: each source row the window
/// touches is filtered horizontally once, then output rows are weighted sums of those rows. Pixels whose centre
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
        float[] output = ArrayPool<float>.Shared.Rent(rowLength);
        float[]? filtered = null;
        try
        {
            var outputRow = output.AsSpan(0, rowLength);
            int firstSourceRow = rows.FirstSource;
            if (columns.AnyInside && rows.AnyInside)
            {
                int sourceRows = rows.LastSource - firstSourceRow + 1;
                filtered = ArrayPool<float>.Shared.Rent(sourceRows * rowLength);
                for (int r = 0; r < sourceRows; r++)
                {
                    FilterRow(source.Row(firstSourceRow + r), columns, filtered.AsSpan(r * rowLength, rowLength));
                }
            }

            for (int y = 0; y < height; y++)
            {
                if (filtered is null || !rows.Inside[y])
                {
                    outputRow.Clear();
                    sink.WriteRow(y, outputRow);
                    continue;
                }

                int slot = y * rows.MaxTaps;
                int taps = rows.TapCounts[y];
                TensorPrimitives.Multiply(FilteredRow(filtered, rows.Indices[slot] - firstSourceRow, rowLength), rows.Weights[slot], outputRow);
                for (int k = 1; k < taps; k++)
                {
                    var row = FilteredRow(filtered, rows.Indices[slot + k] - firstSourceRow, rowLength);
                    TensorPrimitives.MultiplyAdd(row, rows.Weights[slot + k], outputRow, outputRow);
                }

                sink.WriteRow(y, outputRow);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(output);
            if (filtered is not null)
            {
                ArrayPool<float>.Shared.Return(filtered);
            }
        }
    }

    private static ReadOnlySpan<float> FilteredRow(float[] filtered, int index, int rowLength) =>
        filtered.AsSpan(index * rowLength, rowLength);

    private static void FilterRow(ReadOnlySpan<byte> source, ResampleAxis columns, Span<float> destination)
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
                int p = indices[k] * RgbImage.Channels;
                float w = weights[k];
                r += w * source[p];
                g += w * source[p + 1];
                b += w * source[p + 2];
            }

            destination[o] = r;
            destination[o + 1] = g;
            destination[o + 2] = b;
        }
    }
}
