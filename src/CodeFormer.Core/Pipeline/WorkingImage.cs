using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// The image the official pipeline works on: the input itself, or, when its short side is under 512, the input
/// enlarged bilinearly by 512 / short side. Deterministic, so later stages can recompute it from the upload.
/// </summary>
public sealed record WorkingImage(RgbImage Rgb, GrayImage? Alpha, double Scale)
{
    public const int MinShortSide = 512;

    public static WorkingImage From(RgbImage image, GrayImage? alpha)
    {
        ArgumentNullException.ThrowIfNull(image);
        double scale = ScaleFor(image.Width, image.Height);
        if (scale == 1.0)
        {
            return new WorkingImage(image, alpha, 1.0);
        }

        var (w, h) = SizeFor(image.Width, image.Height);
        var rgb = BilinearResize.Resize(image, w, h, scale, scale);
        var a = alpha is null ? null : BilinearResize.Resize(alpha, w, h, scale, scale);
        return new WorkingImage(rgb, a, scale);
    }

    /// <summary>The working image's size for an input of this size, without touching pixels.</summary>
    public static (int Width, int Height) SizeFor(int width, int height)
    {
        double scale = ScaleFor(width, height);
        return scale == 1.0 ? (width, height) : BilinearResize.ScaledSize(width, height, scale);
    }

    private static double ScaleFor(int width, int height)
    {
        int shortSide = Math.Min(width, height);
        return shortSide >= MinShortSide ? 1.0 : (double)MinShortSide / shortSide;
    }
}
