using System.Runtime.CompilerServices;
namespace CodeFormer.Core.Imaging;

/// <summary>
/// The official "is this photo grayscale" test: the mean of the variances of the three pairwise channel
/// differences is at most 10.
/// </summary>
public static class GrayscaleCheck
{
    public const double Threshold = 10;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsGray(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Sums of d and d² for each difference: R−G, G−B, B−R.
        long s1 = 0, s2 = 0, s3 = 0, q1 = 0, q2 = 0, q3 = 0;
        byte[] px = image.Pixels;
        for (int i = 0; i < px.Length; i += 3)
        {
            int d1 = px[i] - px[i + 1], d2 = px[i + 1] - px[i + 2], d3 = px[i + 2] - px[i];
            s1 += d1;
            s2 += d2;
            s3 += d3;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }

        double n = px.Length / 3;
        double Variance(long s, long q) => (q / n) - ((s / n) * (s / n));
        double mean = (Variance(s1, q1) + Variance(s2, q2) + Variance(s3, q3)) / 3.0;
        return mean <= Threshold;
    }
}
