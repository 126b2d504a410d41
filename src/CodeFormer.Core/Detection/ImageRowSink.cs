using System.Numerics.Tensors;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>Writes resampled rows into an 8-bit RGB image, rounded half up and clamped to 0–255.</summary>
internal readonly struct ImageRowSink(RgbImage destination) : IResampledRowSink
{
    private readonly float[] _shifted = new float[destination.Stride];

    public void WriteRow(int y, ReadOnlySpan<float> rgb)
    {
        var shifted = _shifted.AsSpan(0, rgb.Length);
        TensorPrimitives.Add(rgb, 0.5f, shifted);
        TensorPrimitives.ConvertSaturating<float, byte>(shifted, destination.Row(y));
    }
}
