using System.Diagnostics;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inpainting;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Upsampling;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// The paper's inference path end to end: ① detect → ② align → ③ restore → ④ paste back. The same path runs the
/// colourisation and inpainting checkpoints (<see cref="RestoreOptions.Task"/>): colourised faces are pasted in
/// colour even into a gray photo, and inpainting fills only the white holes (painted from <c>fillMask</c> into
/// each crop for a whole photo) and lets only the masked region into the result.
/// </summary>
/// <param name="upsampler">Real-ESRGAN for <see cref="RestoreOptions.BackgroundUpsampling"/>; null when no run asks for it.</param>
public sealed class RestorationPipeline(FacePreparer preparer, CodeFormerRestorer restorer, RealEsrganUpsampler? upsampler = null)
{
    /// <param name="knownFaces">Landmarks in input pixels to use instead of detection.</param>
    /// <param name="decodeMs">Time the caller spent decoding, carried into the report.</param>
    public RestorationResult Run(
        string name, RgbImage image, GrayImage? alpha, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces = null, double decodeMs = 0, CancellationToken cancellationToken = default, FillMask? fillMask = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prepared = preparer.Prepare(image, alpha, options, knownFaces);
        GrayImage? workingMask = null;
        if (options.Task == FaceTask.Inpaint && fillMask is not null)
        {
            workingMask = options.HasAligned
                ? fillMask.AtScale(prepared.Working.Rgb.Width, prepared.Working.Rgb.Height, (double)prepared.Working.Rgb.Width / image.Width)
                : fillMask.AtScale(prepared.Working.Rgb.Width, prepared.Working.Rgb.Height, prepared.Working.Scale);
            prepared = prepared with { Faces = prepared.Faces.Select(f => f with { Crop = FillMask.PaintInto(f.Crop, workingMask, f.ImageToCrop) }).ToArray() };
        }

        var clock = Stopwatch.StartNew();
        var restored = restorer.Restore(prepared.Faces.Select(f => f.Crop).ToArray(), options.Fidelity, cancellationToken);
        if (options.Task == FaceTask.Inpaint)
        {
            restored = restored.Select((face, i) => WhiteHoles.Fill(prepared.Faces[i].Crop, face)).ToArray();
        }

        var upsampled = UpsampleBackground(image, alpha, prepared, options, cancellationToken);
        double inferMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var final = Compose(prepared, restored, options, upsampled);
        if (workingMask is not null && !prepared.HasAligned)
        {
            var backdrop = upsampled?.Rgb ?? BilinearResize.Resize(prepared.Working.Rgb, final.Rgb.Width, final.Rgb.Height);
            final = final with { Rgb = FillMask.KeepOnlyFilled(workingMask, final.Rgb, backdrop) };
        }
        double pasteMs = clock.Elapsed.TotalMilliseconds;

        var timings = new StageTimings(decodeMs, prepared.DetectTime.TotalMilliseconds, prepared.AlignTime.TotalMilliseconds, inferMs, pasteMs, 0);
        var report = new RestorationReport(
            name, prepared.InputWidth, prepared.InputHeight, final.Rgb.Width, final.Rgb.Height, prepared.Working.Scale, prepared.IsGray,
            options.Fidelity, options.Upscale, prepared.Faces.Select(f => FaceReport.From(f.Face)).ToArray(), timings) { Task = options.Task, BackgroundUpsampler = upsampled is null ? null : "realesrgan-x2plus" };
        return new RestorationResult(final, prepared, restored, report);
    }

    /// <summary>
    /// The official <c>--bg_upsampler realesrgan</c>: Real-ESRGAN on the photo as given (not the enlarged working
    /// image) at the upscale, then Lanczos4 to the working size × upscale — a plain copy unless the photo was enlarged.
    /// </summary>
    private (RgbImage Rgb, GrayImage? Alpha)? UpsampleBackground(RgbImage image, GrayImage? alpha, PreparedImage prepared, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (options.BackgroundUpsampling is not { } tiles || prepared.HasAligned)
        {
            return null;
        }

        var up = upsampler ?? throw new InvalidOperationException("Background upsampling was asked for, but no Real-ESRGAN model was loaded.");
        var bg = up.Enhance(image, alpha, tiles, options.Upscale, cancellationToken);
        int w = prepared.Working.Rgb.Width * options.Upscale, h = prepared.Working.Rgb.Height * options.Upscale;
        return (Lanczos4Resize.Resize(bg.Rgb, w, h), bg.Alpha is null ? null : Lanczos4Resize.Resize(bg.Alpha, w, h));
    }

    /// <summary>Stage ④ on a prepared image and its restored faces (also what a separate paste stage runs).</summary>
    /// <param name="background">The upsampled background at the working size × upscale, or null for the bilinear one.</param>
    public static PastedImage Compose(PreparedImage prepared, IReadOnlyList<RgbImage> restored, RestoreOptions options, (RgbImage Rgb, GrayImage? Alpha)? background = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(options);
        if (restored.Count != prepared.Faces.Count)
        {
            throw new ArgumentException($"Expected {prepared.Faces.Count} restored faces, got {restored.Count}.", nameof(restored));
        }

        // Colourisation exists to turn gray faces into colour: the official gray path (faces made gray again) is
        // for restoration only.
        bool keepGray = prepared.IsGray && options.Task != FaceTask.Colorize;
        if (prepared.HasAligned)
        {
            var face = restored.Single();
            var rgb = keepGray ? GrayscaleTransfer.ToImage(face, prepared.Faces[0].Crop) : face;
            return new PastedImage(rgb, prepared.Working.Alpha);
        }

        var faces = prepared.Faces.Select((f, i) => new PasteFace(f.ImageToCrop, f.Crop, restored[i])).ToArray();
        return FacePaster.Paste(prepared.Working.Rgb, prepared.Working.Alpha, faces, new PasteOptions(options.Upscale, keepGray, options.DrawBox), background);
    }
}
