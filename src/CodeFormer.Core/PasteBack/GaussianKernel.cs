namespace CodeFormer.Core.PasteBack;

/// <summary>OpenCV's <c>getGaussianKernel(n, 0, CV_32F)</c>: its fixed tables up to 7 taps, else σ = 0.3·((n−1)/2 − 1) + 0.8.</summary>
internal static class GaussianKernel
{
    private static readonly float[][] s_small =
    [
        [1f],
        [0.25f, 0.5f, 0.25f],
        [0.0625f, 0.25f, 0.375f, 0.25f, 0.0625f],
        [0.03125f, 0.109375f, 0.21875f, 0.28125f, 0.21875f, 0.109375f, 0.03125f],
    ];

    public static float[] ForSize(int size)
    {
        if (size <= 0 || size % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Gaussian kernels have an odd, positive size.");
        }

        var kernel = new float[size];
        double sigma = (((size - 1) * 0.5) - 1) * 0.3 + 0.8;
        double scale2X = -0.5 / (sigma * sigma);
        float[]? table = size <= 7 ? s_small[size / 2] : null;
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            double x = i - ((size - 1) * 0.5);
            double t = table is not null ? table[i] : Math.Exp(scale2X * x * x);
            kernel[i] = (float)t;
            sum += kernel[i];
        }

        sum = 1.0 / sum;
        for (int i = 0; i < size; i++)
        {
            kernel[i] = (float)(kernel[i] * sum);
        }

        return kernel;
    }
}
