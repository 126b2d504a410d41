using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// The naive twin of the separable resampler: every output pixel computed on its own, in doubles, straight
/// from the definition — a triangle filter of radius max(1, scale) around the pixel's centre, source indices
/// clamped to the edge, black where the centre falls outside the image.
/// </summary>
public static class NaiveResampler
{
    public static double Sample(RgbImage source, double left, double top, double scaleX, double scaleY, int u, int v, int channel)
    {
        double px = left + ((u + 0.5) * scaleX), py = top + ((v + 0.5) * scaleY);
        if (px < 0 || px >= source.Width || py < 0 || py >= source.Height)
        {
            return 0;
        }

        double rx = Math.Max(1, scaleX), ry = Math.Max(1, scaleY);
        double cx = px - 0.5, cy = py - 0.5;
        double sum = 0, total = 0;
        for (int j = (int)Math.Floor(cy - ry); j <= (int)Math.Ceiling(cy + ry); j++)
        {
            double wy = Math.Max(0, 1 - (Math.Abs(j - cy) / ry));
            for (int i = (int)Math.Floor(cx - rx); i <= (int)Math.Ceiling(cx + rx); i++)
            {
                double w = wy * Math.Max(0, 1 - (Math.Abs(i - cx) / rx));
                if (w == 0)
                {
                    continue;
                }

                int x = Math.Clamp(i, 0, source.Width - 1), y = Math.Clamp(j, 0, source.Height - 1);
                sum += w * source.Pixels[(((y * source.Width) + x) * 3) + channel];
                total += w;
            }
        }

        return sum / total;
    }
}
