using CodeFormer.Core.Alignment;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// A job's result size, known from the input's header and the options before any pixel work, and whether it fits
/// the output pixel cap and the chosen format. Refusing here is what keeps a 640 MP canvas from ever being
/// allocated and a 16400-pixel-wide WebP from being written with a wrapped header.
/// </summary>
public static class OutputPlan
{
    /// <summary>The official pipeline's result: the working image (short side enlarged to 512 when smaller) times
    /// the upscale, or the restored 512×512 face alone for an already aligned input.</summary>
    public static (int Width, int Height) ResultSize(int inputWidth, int inputHeight, int upscale, bool hasAligned)
    {
        if (hasAligned)
        {
            return (FfhqTemplate.CropSize, FfhqTemplate.CropSize);
        }

        var (w, h) = WorkingImage.SizeFor(inputWidth, inputHeight);
        return (checked(w * upscale), checked(h * upscale));
    }

    /// <summary>Throws <see cref="OutputRejectedException"/> naming the limit and the largest upscale that fits.</summary>
    public static void Check(int inputWidth, int inputHeight, int upscale, bool hasAligned, OutputFormat format, long maxPixels)
    {
        var (w, h) = ResultSize(inputWidth, inputHeight, upscale, hasAligned);
        if (Problem(w, h, format, maxPixels) is not { } problem)
        {
            return;
        }

        int? largest = null;
        for (int smaller = upscale - 1; smaller >= 1 && largest is null; smaller--)
        {
            var (sw, sh) = ResultSize(inputWidth, inputHeight, smaller, hasAligned);
            largest = Problem(sw, sh, format, maxPixels) is null ? smaller : null;
        }

        string advice = largest is { } fits
            ? $" The largest upscale that fits is {fits}."
            : " No upscale fits: send a smaller image.";
        throw new OutputRejectedException(problem.Reason, $"At upscale {upscale} {problem.Text}{advice}", largest);
    }

    /// <summary>The encoder's own guard, for results whose size was not planned: the format's side limit only.</summary>
    internal static void CheckEncodable(int width, int height, OutputFormat format)
    {
        if (Problem(width, height, format, long.MaxValue) is { } problem)
        {
            throw new OutputRejectedException(problem.Reason, $"The {problem.Text}");
        }
    }

    private static (OutputRejectionReason Reason, string Text)? Problem(int width, int height, OutputFormat format, long maxPixels)
    {
        long pixels = (long)width * height;
        if (pixels > maxPixels)
        {
            return (OutputRejectionReason.TooManyPixels,
                $"result would be {width}x{height} ({pixels / 1e6:0.#} megapixels), over the output cap of {maxPixels / 1e6:0.#} megapixels.");
        }

        int maxSide = format.MaxSide();
        if (Math.Max(width, height) > maxSide)
        {
            return (OutputRejectionReason.FormatSideLimit,
                $"result would be {width}x{height}, but {format} stores at most {maxSide:N0} pixels per side.");
        }

        return null;
    }
}
