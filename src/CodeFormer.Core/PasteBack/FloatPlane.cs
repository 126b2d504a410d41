namespace CodeFormer.Core.PasteBack;

/// <summary>A single-channel float image (a mask), row-major.</summary>
internal sealed class FloatPlane
{
    public FloatPlane(int width, int height)
    {
        Width = width;
        Height = height;
        Data = new float[checked(width * height)];
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Data { get; }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    public double Sum()
    {
        double sum = 0;
        foreach (float v in Data)
        {
            sum += v;
        }

        return sum;
    }
}
