namespace CodeFormer.Core.Detection;

/// <summary>Writes resampled rows into a [1, 3, H, W] or [1, H, W, 3] float tensor in a <see cref="PixelTensorFormat"/>.</summary>
internal readonly struct TensorRowSink : IResampledRowSink
{
    private readonly float[] _tensor;
    private readonly int _width;
    private readonly int _height;
    private readonly PixelTensorFormat _format;

    public TensorRowSink(float[] tensor, int width, int height, PixelTensorFormat format)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Length < width * height * 3)
        {
            throw new ArgumentException($"The tensor holds {tensor.Length} values, {width}x{height}x3 are needed.", nameof(tensor));
        }

        _tensor = tensor;
        _width = width;
        _height = height;
        _format = format;
    }

    public void WriteRow(int y, ReadOnlySpan<float> rgb)
    {
        float scale = _format.Scale, offset = _format.Offset;
        int first = _format.Bgr ? 2 : 0, last = 2 - first;
        if (_format.ChannelsFirst)
        {
            int plane = _width * _height;
            var c0 = _tensor.AsSpan((y * _width) + (first * plane), _width);
            var c1 = _tensor.AsSpan((y * _width) + plane, _width);
            var c2 = _tensor.AsSpan((y * _width) + (last * plane), _width);
            for (int x = 0; x < _width; x++)
            {
                c0[x] = (rgb[3 * x] * scale) + offset;
                c1[x] = (rgb[(3 * x) + 1] * scale) + offset;
                c2[x] = (rgb[(3 * x) + 2] * scale) + offset;
            }
        }
        else
        {
            var row = _tensor.AsSpan(y * _width * 3, _width * 3);
            for (int x = 0; x < row.Length; x += 3)
            {
                row[x + first] = (rgb[x] * scale) + offset;
                row[x + 1] = (rgb[x + 1] * scale) + offset;
                row[x + last] = (rgb[x + 2] * scale) + offset;
            }
        }
    }
}
