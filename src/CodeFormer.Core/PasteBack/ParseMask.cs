using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// The official parse branch of paste-back (<c>use_parse=True</c>): a restored face's 512×512 parsing labels become
/// a float64 mask (face, hair and earrings kept; background, hat, necklace, neck and cloth dropped), blurred twice,
/// zeroed within 10 px of the border and scaled to [0, 1]; inverse-warped like the face; and the blend mask is the
/// minimum of it and the feathered square mask, so parsing can only shrink what is pasted.
/// </summary>
public static class ParseMask
{
    /// <summary>The parsing network's labels per pixel: 0 background, 1 skin, … 13 hair, 14 hat, 15 earring, 16 necklace, 17 neck, 18 cloth.</summary>
    public const int LabelCount = 19;

    private const int BorderZeroed = 10;

    /// <summary>The official colour map [0, 255×13, 0, 255, 0, 0, 0]: labels 1–13 and 15 are kept.</summary>
    public static bool IsKept(byte label) => label is >= 1 and <= 13 or 15;

    /// <summary>Steps 3–6 of the official branch: colour map, two 101-tap σ = 11 blurs, border zeroing, ÷ 255 (face space, float64).</summary>
    public static double[] FromLabels(ReadOnlySpan<byte> labels)
    {
        int size = FfhqTemplate.CropSize;
        if (labels.Length != size * size)
        {
            throw new ArgumentException($"Expected {size}x{size} parsing labels, got {labels.Length} values.", nameof(labels));
        }

        var mask = new double[size * size];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = IsKept(labels[i]) ? 255 : 0;
        }

        ParseMaskBlur.Apply(mask, size);
        ParseMaskBlur.Apply(mask, size);
        for (int y = 0; y < size; y++)
        {
            var row = mask.AsSpan(y * size, size);
            if (y < BorderZeroed || y >= size - BorderZeroed)
            {
                row.Clear();
                continue;
            }

            row[..BorderZeroed].Clear();
            row[(size - BorderZeroed)..].Clear();
            for (int x = BorderZeroed; x < size - BorderZeroed; x++)
            {
                row[x] /= 255;
            }
        }

        return mask;
    }

    /// <summary>
    /// Steps 8–9 on a face's region: the face-space mask warped with <paramref name="cropToCanvas"/> (OpenCV's
    /// bilinear warpAffine — the official flags=3 is INTER_AREA, which warpAffine quietly treats as bilinear — with
    /// float weights summed in double and a zero border), then the minimum with the feathered mask.
    /// </summary>
    internal static double[] OnRegion(double[] faceMask, AffineMatrix cropToCanvas, FaceRegion region, FloatPlane soft)
    {
        int size = FfhqTemplate.CropSize;
        var result = new double[region.Width * region.Height];
        var sampling = new WarpSampling(cropToCanvas.Invert(), region.X, region.Width);
        Parallel.For(0, region.Height, y =>
        {
            var softRow = soft.Row(y);
            var (rowX, rowY) = sampling.RowStart(region.Y + y);
            ReadOnlySpan<float> weights = BilinearWeights.Float;
            int[] columnX = sampling.ColumnX, columnY = sampling.ColumnY;
            var dst = result.AsSpan(y * region.Width, region.Width);
            for (int i = 0; i < region.Width; i++)
            {
                if (softRow[i] == 0f)
                {
                    // min(parse, 0) = 0: the parse mask is never negative.
                    continue;
                }

                int xq = (rowX + columnX[i]) >> WarpSampling.MapToFraction, yq = (rowY + columnY[i]) >> WarpSampling.MapToFraction;
                int sx = xq >> WarpSampling.FractionBits, sy = yq >> WarpSampling.FractionBits;
                var w = weights.Slice((((yq & (WarpSampling.FractionSteps - 1)) << WarpSampling.FractionBits) | (xq & (WarpSampling.FractionSteps - 1))) * 4, 4);
                double parse = (Sample(faceMask, size, sx, sy) * w[0]) + (Sample(faceMask, size, sx + 1, sy) * w[1])
                    + (Sample(faceMask, size, sx, sy + 1) * w[2]) + (Sample(faceMask, size, sx + 1, sy + 1) * w[3]);
                double feathered = softRow[i];
                dst[i] = parse < feathered ? parse : feathered;
            }
        });
        return result;
    }

    private static double Sample(double[] mask, int size, int x, int y) =>
        (uint)x < (uint)size && (uint)y < (uint)size ? mask[(y * size) + x] : 0;
}
