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
        int shortSide = Math.Min(image.Width, image.Height);
        if (shortSide >= MinShortSide)
        {
            return new WorkingImage(image, alpha, 1.0);
        }

        double scale = (double)MinShortSide / shortSide;
        var (w, h) = BilinearResize.ScaledSize(image.Width, image.Height, scale);
        var rgb = BilinearResize.Resize(image, w, h, scale, scale);
        var a = alpha is null ? null : BilinearResize.Resize(alpha, w, h, scale, scale);
        return new WorkingImage(rgb, a, scale);
    }
}
