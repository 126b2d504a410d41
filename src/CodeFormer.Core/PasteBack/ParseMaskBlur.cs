using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// The parse branch's blur: OpenCV's <c>GaussianBlur(mask, (101, 101), 11)</c> on a float64 image with reflect-101
/// borders, reproduced to the last bit as OpenCV 4.6 computes it with AVX2/FMA (where the reference goldens were
/// made). The last bit matters: the final cast truncates, so a last-bit difference next to an integer moves a pixel
/// by one level.
/// </summary>
internal static class ParseMaskBlur
{
    public const int Radius = 50;

    /// <summary>
    /// Taps 0…50 of <c>cv2.getGaussianKernel(101, 11, CV_64F)</c> (the kernel is symmetric), as IEEE bit patterns:
    /// OpenCV computes them in soft-float, and a plain <c>exp</c> formula differs in the last bit on 84 of the 101.
    /// </summary>
    private static readonly ulong[] s_halfKernelBits =
    [
        0x3EB3D9320997C25B, 0x3EBDE17A7BF38417, 0x3EC64E8ED67FB58C, 0x3ED08402AC73792F,
        0x3ED8412E6CA94BE9, 0x3EE1A9D258B611AC, 0x3EE983CE6E2D8B48, 0x3EF246CB61C4022C,
        0x3EF9F7C2E4F210B2, 0x3F024BCAEB80F233, 0x3F0991C4EC5D6F8E, 0x3F11B85423E811AB,
        0x3F185BC1908D022E, 0x3F209AA455FCB2A8, 0x3F2673421A12DE51, 0x3F2E1ADD23BF2656,
        0x3F3404C85F10D7B6, 0x3F3A677DC2924522, 0x3F41452178D2DFC5, 0x3F4667CB15EBC175,
        0x3F4CD4230959CFAB, 0x3F5264DD24853BF3, 0x3F57477BD22F281B, 0x3F5D382D89D4ADAF,
        0x3F622FD1739F5A24, 0x3F66740DF70CFE47, 0x3F6B7E1E31CFEB7C, 0x3F70B165029AF448,
        0x3F741AB7619E5C97, 0x3F78037EFEBC0C46, 0x3F7C727155FBB708, 0x3F80B5F5AE5ABC27,
        0x3F8378AD7EBA8E32, 0x3F8680578DE9FDF6, 0x3F89C9EB782D6717, 0x3F8D502D0B5254C3,
        0x3F9085C4A7F64AE8, 0x3F927904729ECF7B, 0x3F947BADA6C7B599, 0x3F96867EDEA4945B,
        0x3F98913F51FAE714, 0x3F9A92EEC6952CC7, 0x3F9C82029C32F07F, 0x3F9E54AE009F9925,
        0x3FA0009941AC006F, 0x3FA0BF1AC50126F9, 0x3FA1618B501C3BF9, 0x3FA1E421299AF7D2,
        0x3FA243BEA305ECE7, 0x3FA27E11B8751B9C, 0x3FA291AC05D51E68,
    ];

    /// <summary>All 101 taps.</summary>
    public static readonly double[] Kernel = CreateKernel();

    /// <summary>
    /// Blurs a square <paramref name="size"/>² image in place. Rows first: s = k₀·x₋₅₀, then s = fma(kᵢ, xᵢ₋₅₀, s)
    /// for i = 1…100; then columns on that result: s = k₅₀·y₀, then s = fma(k₅₀₊ᵢ, y₊ᵢ + y₋ᵢ, s) for i = 1…50.
    /// </summary>
    public static void Apply(double[] image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (size <= Radius)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The parse mask is larger than the blur kernel.");
        }

        var rows = new double[image.Length];
        Parallel.For(0, size, y => HorizontalRow(image.AsSpan(y * size, size), rows.AsSpan(y * size, size)));

        // runEnd[r·size + c]: the last row of the run of equal values down column c that row r belongs to.
        var runEnd = new int[image.Length];
        for (int c = 0; c < size; c++)
        {
            runEnd[((size - 1) * size) + c] = size - 1;
        }

        for (int r = size - 2; r >= 0; r--)
        {
            for (int c = 0; c < size; c++)
            {
                int i = (r * size) + c;
                runEnd[i] = rows[i] == rows[i + size] ? runEnd[i + size] : r;
            }
        }

        Parallel.For(0, size, y => VerticalRow(rows, runEnd, size, y, image.AsSpan(y * size, size)));
    }

    private static double[] CreateKernel()
    {
        var kernel = new double[(2 * Radius) + 1];
        for (int i = 0; i <= Radius; i++)
        {
            kernel[i] = kernel[(2 * Radius) - i] = BitConverter.UInt64BitsToDouble(s_halfKernelBits[i]);
        }

        return kernel;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalRow(ReadOnlySpan<double> input, Span<double> output)
    {
        int n = input.Length;
        Span<double> padded = stackalloc double[n + (2 * Radius)];
        for (int i = 0; i < padded.Length; i++)
        {
            padded[i] = input[GaussianBlur.Reflect101(i - Radius, n)];
        }

        // runEnd[i]: the last index of the run of equal values padded[i] belongs to, so a window of 101 (four
        // neighbouring windows: 104) values is constant when it ends inside that run. Masks are flat over most of
        // their area; a constant window's sum is the same chain of FMAs on one value, computed once and reused.
        Span<int> runEnd = stackalloc int[padded.Length];
        runEnd[^1] = padded.Length - 1;
        for (int i = padded.Length - 2; i >= 0; i--)
        {
            runEnd[i] = padded[i] == padded[i + 1] ? runEnd[i + 1] : i;
        }

        var k = Kernel;
        int x = 0;
        double flatValue = double.NaN, flatSum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x <= n - 4; x += 4)
            {
                if (runEnd[x] >= x + (2 * Radius) + 3)
                {
                    if (!(padded[x] == flatValue))
                    {
                        flatValue = padded[x];
                        flatSum = HorizontalChain(flatValue);
                    }

                    output.Slice(x, 4).Fill(flatSum);
                    continue;
                }

                var s = Vector256.Create(k[0]) * Vector256.Create(padded.Slice(x, 4));
                for (int i = 1; i < k.Length; i++)
                {
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(k[i]), Vector256.Create(padded.Slice(x + i, 4)), s);
                }

                s.CopyTo(output.Slice(x, 4));
            }
        }

        for (; x < n; x++)
        {
            double s = k[0] * padded[x];
            for (int i = 1; i < k.Length; i++)
            {
                s = Math.FusedMultiplyAdd(k[i], padded[x + i], s);
            }

            output[x] = s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VerticalRow(double[] rows, int[] runEnd, int size, int y, Span<double> output)
    {
        var k = Kernel;
        int x = 0;
        var centre = rows.AsSpan(y * size, size);
        bool interior = y >= Radius && y < size - Radius;
        double flatValue = double.NaN, flatSum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x <= size - 4; x += 4)
            {
                // Four columns whose 101-row windows hold one value everywhere: the constant window's chain, computed once.
                if (interior && IsFlat(rows, runEnd, size, y, x, out double v))
                {
                    if (!(v == flatValue))
                    {
                        flatValue = v;
                        flatSum = VerticalChain(v);
                    }

                    output.Slice(x, 4).Fill(flatSum);
                    continue;
                }

                var s = Vector256.Create(k[Radius]) * Vector256.Create(centre.Slice(x, 4));
                for (int i = 1; i <= Radius; i++)
                {
                    var below = Vector256.Create(rows.AsSpan((GaussianBlur.Reflect101(y + i, size) * size) + x, 4));
                    var above = Vector256.Create(rows.AsSpan((GaussianBlur.Reflect101(y - i, size) * size) + x, 4));
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(k[Radius + i]), below + above, s);
                }

                s.CopyTo(output.Slice(x, 4));
            }
        }

        for (; x < size; x++)
        {
            double s = k[Radius] * centre[x];
            for (int i = 1; i <= Radius; i++)
            {
                s = Math.FusedMultiplyAdd(k[Radius + i], rows[(GaussianBlur.Reflect101(y + i, size) * size) + x] + rows[(GaussianBlur.Reflect101(y - i, size) * size) + x], s);
            }

            output[x] = s;
        }
    }

    /// <summary>The horizontal pass's sum over a window holding <paramref name="v"/> everywhere, in the pass's order.</summary>
    private static double HorizontalChain(double v)
    {
        var k = Kernel;
        double s = k[0] * v;
        for (int i = 1; i < k.Length; i++)
        {
            s = Math.FusedMultiplyAdd(k[i], v, s);
        }

        return s;
    }

    /// <summary>The vertical pass's sum over a window holding <paramref name="v"/> everywhere, in the pass's order.</summary>
    private static double VerticalChain(double v)
    {
        var k = Kernel;
        double s = k[Radius] * v;
        for (int i = 1; i <= Radius; i++)
        {
            s = Math.FusedMultiplyAdd(k[Radius + i], v + v, s);
        }

        return s;
    }

    /// <summary>Whether columns x…x+3 of rows y−50…y+50 (all inside the image) hold a single value.</summary>
    private static bool IsFlat(double[] rows, int[] runEnd, int size, int y, int x, out double value)
    {
        int top = ((y - Radius) * size) + x, last = y + Radius;
        value = rows[top];
        return rows[top + 1] == value && rows[top + 2] == value && rows[top + 3] == value
            && runEnd[top] >= last && runEnd[top + 1] >= last && runEnd[top + 2] >= last && runEnd[top + 3] >= last;
    }
}
