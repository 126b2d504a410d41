using System.Diagnostics;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Core.Pipeline;

/// <summary>The paper's inference path end to end: ① detect → ② align → ③ restore → ④ paste back.</summary>
public sealed class RestorationPipeline(FacePreparer preparer, CodeFormerRestorer restorer)
{
    /// <param name="knownFaces">Landmarks in input pixels to use instead of detection.</param>
    /// <param name="decodeMs">Time the caller spent decoding, carried into the report.</param>
    public RestorationResult Run(
        string name, RgbImage image, GrayImage? alpha, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces = null, double decodeMs = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prepared = preparer.Prepare(image, alpha, options, knownFaces);

        var clock = Stopwatch.StartNew();
        var restored = restorer.Restore(prepared.Faces.Select(f => f.Crop).ToArray(), options.Fidelity, cancellationToken);
        double inferMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var final = Compose(prepared, restored, options);
        double pasteMs = clock.Elapsed.TotalMilliseconds;

        var timings = new StageTimings(decodeMs, prepared.DetectTime.TotalMilliseconds, prepared.AlignTime.TotalMilliseconds, inferMs, pasteMs, 0);
        var report = new RestorationReport(
            name, prepared.InputWidth, prepared.InputHeight, final.Rgb.Width, final.Rgb.Height, prepared.Working.Scale, prepared.IsGray,
            options.Fidelity, options.Upscale, prepared.Faces.Select(f => FaceReport.From(f.Face)).ToArray(), timings);
        return new RestorationResult(final, prepared, restored, report);
    }

    /// <summary>Stage ④ on a prepared image and its restored faces (also what a separate paste stage runs).</summary>
    public static PastedImage Compose(PreparedImage prepared, IReadOnlyList<RgbImage> restored, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(options);
        if (restored.Count != prepared.Faces.Count)
        {
            throw new ArgumentException($"Expected {prepared.Faces.Count} restored faces, got {restored.Count}.", nameof(restored));
        }

        if (prepared.HasAligned)
        {
            var face = restored.Single();
            var rgb = prepared.IsGray ? GrayscaleTransfer.ToImage(face, prepared.Faces[0].Crop) : face;
            return new PastedImage(rgb, prepared.Working.Alpha);
        }

        var faces = prepared.Faces.Select((f, i) => new PasteFace(f.ImageToCrop, f.Crop, restored[i])).ToArray();
        return FacePaster.Paste(prepared.Working.Rgb, prepared.Working.Alpha, faces, new PasteOptions(options.Upscale, prepared.IsGray, options.DrawBox));
    }
}
