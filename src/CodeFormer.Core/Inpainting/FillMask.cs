using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Inpainting;

/// <summary>
/// A user's inpainting mask for a whole photo (white = fill, the photo's size): painted pure white into each
/// aligned face crop through the crop's own warp, and used again to let only the filled region into the result.
/// </summary>
public sealed class FillMask
{
    private FillMask(GrayImage mask) => Mask = mask;

    public GrayImage Mask { get; }

    /// <summary>Checks a decoded mask against the photo; a mask of the wrong size or without white is refused.</summary>
    /// <exception cref="MaskRejectedException">The mask does not fit the photo or selects nothing.</exception>
    public static FillMask For(RgbImage mask, int photoWidth, int photoHeight)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Width != photoWidth || mask.Height != photoHeight)
        {
            throw new MaskRejectedException($"The mask is {mask.Width}×{mask.Height} but the photo is {photoWidth}×{photoHeight}; it must be the photo's size.");
        }

        var gray = new GrayImage(mask.Width, mask.Height);
        bool any = false;
        for (int i = 0; i < gray.Pixels.Length; i++)
        {
            // White means fill: the brightest channel at or above the middle, so anti-aliased strokes count.
            byte v = Math.Max(mask.Pixels[i * 3], Math.Max(mask.Pixels[(i * 3) + 1], mask.Pixels[(i * 3) + 2]));
            gray.Pixels[i] = v >= 128 ? (byte)255 : (byte)0;
            any |= v >= 128;
        }

        if (!any)
        {
            throw new MaskRejectedException("The mask is all black: nothing to fill (white marks the region to fill).");
        }

        return new FillMask(gray);
    }

    /// <summary>The mask at the working image's scale (the photo enlarged when its short side is under 512).</summary>
    public GrayImage AtScale(int width, int height, double scale) =>
        width == Mask.Width && height == Mask.Height ? Mask : Threshold(BilinearResize.Resize(Mask, width, height, scale, scale));

    /// <summary>The crop with every pixel the warped mask covers by half or more painted pure white.</summary>
    public static RgbImage PaintInto(RgbImage crop, GrayImage workingMask, AffineMatrix imageToCrop)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(workingMask);
        var source = workingMask.Pixels.Select(v => v / 255f).ToArray();
        var warped = new float[crop.Width * crop.Height];
        AffineWarp.Plane(source, workingMask.Width, workingMask.Height, imageToCrop, warped, crop.Width, crop.Height, 0, 0);
        var painted = crop.Clone();
        for (int i = 0; i < warped.Length; i++)
        {
            if (warped[i] >= 0.5f)
            {
                painted.Pixels.AsSpan(i * 3, 3).Fill(255);
            }
        }

        return painted;
    }

    /// <summary>The pasted result inside <paramref name="mask"/> (at any scale of the photo), <paramref name="background"/> (the photo at the same size) outside it.</summary>
    public static RgbImage KeepOnlyFilled(GrayImage mask, RgbImage pasted, RgbImage background)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(pasted);
        ArgumentNullException.ThrowIfNull(background);
        var result = background.Clone();
        for (int y = 0; y < pasted.Height; y++)
        {
            int my = Math.Min(mask.Height - 1, (int)((long)y * mask.Height / pasted.Height));
            for (int x = 0; x < pasted.Width; x++)
            {
                int mx = Math.Min(mask.Width - 1, (int)((long)x * mask.Width / pasted.Width));
                if (mask.Pixels[(my * mask.Width) + mx] != 0)
                {
                    pasted.Pixels.AsSpan(((y * pasted.Width) + x) * 3, 3).CopyTo(result.Pixels.AsSpan(((y * pasted.Width) + x) * 3, 3));
                }
            }
        }

        return result;
    }

    private static GrayImage Threshold(GrayImage image)
    {
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = image.Pixels[i] >= 128 ? (byte)255 : (byte)0;
        }

        return image;
    }
}
