using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>Writes resampled rows into an 8-bit RGB image, rounded and clamped.</summary>
internal readonly struct ImageRowSink(RgbImage destination) : IResampledRowSink
{
    public void WriteRow(int y, ReadOnlySpan<float> rgb)
    {
        var row = destination.Row(y);
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (byte)Math.Clamp((int)(rgb[i] + 0.5f), 0, 255);
        }
    }
}
