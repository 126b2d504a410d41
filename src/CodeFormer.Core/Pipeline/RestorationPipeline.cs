using System.Diagnostics;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Parsing;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Restoration;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// The paper's inference path end to end: ① detect → ② align → ③ restore → ④ paste back. With a
/// <see cref="FaceParser"/>, each restored face is parsed and pasted through the official parse mask.
/// </summary>
public sealed class RestorationPipeline(FacePreparer preparer, CodeFormerRestorer restorer, FaceParser? parser = null)
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
        var labels = parser is null || prepared.HasAligned ? null : Parse(parser, prepared, restored);
        double parseMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var final = Compose(prepared, restored, options, labels);
        double pasteMs = clock.Elapsed.TotalMilliseconds;

        var timings = new StageTimings(decodeMs, prepared.DetectTime.TotalMilliseconds, prepared.AlignTime.TotalMilliseconds, inferMs, pasteMs, 0) { ParseMs = parseMs };
        var report = new RestorationReport(
            name, prepared.InputWidth, prepared.InputHeight, final.Rgb.Width, final.Rgb.Height, prepared.Working.Scale, prepared.IsGray,
            options.Fidelity, options.Upscale, prepared.Faces.Select(f => FaceReport.From(f.Face)).ToArray(), timings)
        {
            Detector = prepared.HasAligned ? null : knownFaces is not null ? "landmarks" : preparer.DetectorName,
            Parsed = prepared.HasAligned ? null : labels is not null,
        };
        return new RestorationResult(final, prepared, restored, report);
    }

    /// <summary>
    /// The parsing labels of each restored face as the official code parses it: the 8-bit face, or on the grayscale
    /// path the gray + statistics face in doubles (what the paste blends).
    /// </summary>
    public static IReadOnlyList<byte[]> Parse(FaceParser parser, PreparedImage prepared, IReadOnlyList<RgbImage> restored)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(restored);
        return restored.Select((face, i) => prepared.IsGray ? parser.Parse(GrayscaleTransfer.Apply(face, prepared.Faces[i].Crop)) : parser.Parse(face)).ToArray();
    }

    /// <summary>Stage ④ on a prepared image and its restored faces (also what a separate paste stage runs).</summary>
    /// <param name="parseLabels">Per face its 512×512 parsing labels (the official parse mask), or null for the square mask alone.</param>
    public static PastedImage Compose(PreparedImage prepared, IReadOnlyList<RgbImage> restored, RestoreOptions options, IReadOnlyList<byte[]?>? parseLabels = null)
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

        if (parseLabels is not null && parseLabels.Count != restored.Count)
        {
            throw new ArgumentException($"Expected {restored.Count} parsing label maps, got {parseLabels.Count}.", nameof(parseLabels));
        }

        var faces = prepared.Faces.Select((f, i) => new PasteFace(f.ImageToCrop, f.Crop, restored[i], parseLabels?[i])).ToArray();
        return FacePaster.Paste(prepared.Working.Rgb, prepared.Working.Alpha, faces, new PasteOptions(options.Upscale, prepared.IsGray, options.DrawBox));
    }
}
