using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using CodeFormer.Core;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The backend's calls into the core's image handling: decoding uploads within the configured limits, preparing
/// faces (detect + align) for the detect stage, recomputing the working image and composing the result for the
/// paste stage, and encoding results. The detector is opened on first use, once per process.
/// </summary>
public sealed class FacePreparation : IDisposable
{
    private readonly ImageDecoder _decoder;
    private readonly long _maxOutputPixels;
    private readonly Lazy<IFaceDetector> _detector;

    public FacePreparation(BackendOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _decoder = new ImageDecoder(options.DecodeLimits);
        _maxOutputPixels = options.MaxOutputPixels;
        var kind = Enum.Parse<DetectorKind>(options.Detector, ignoreCase: true);
        _detector = new Lazy<IFaceDetector>(() => FaceDetectorFactory.Create(kind, logger: loggers.CreateLogger<FacePreparation>()));
    }

    /// <summary>Decodes the upload and finds, aligns and crops its faces (face boxes in upload pixels). A result
    /// over the output cap or the format's limits is refused first, for uploads that did not come through the API.</summary>
    public PreparedImage Prepare(BinaryData upload, JobOptions job)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(job);
        byte[] bytes = upload.ToArray();
        var header = _decoder.Inspect(bytes);
        OutputPlan.Check(header.Width, header.Height, job.Upscale, job.HasAligned, job.OutputFormat, _maxOutputPixels);
        var decoded = _decoder.Decode(bytes);
        var options = ToRestoreOptions(job);
        var preparer = options.HasAligned ? new FacePreparer(null) : new FacePreparer(_detector.Value);
        return preparer.Prepare(decoded.Rgb, decoded.Alpha, options);
    }

    /// <summary>
    /// Decodes the upload again, recomputes the working image the detect stage worked on, and pastes the restored
    /// faces back with the manifest's matrices.
    /// </summary>
    public PastedImage Compose(BinaryData upload, JobManifest manifest, IReadOnlyList<(RgbImage Crop, RgbImage Restored)> faces)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(faces);
        var decoded = _decoder.Decode(upload.ToArray());
        var options = ToRestoreOptions(manifest.Options);
        var working = options.HasAligned
            ? new FacePreparer(null).Prepare(decoded.Rgb, decoded.Alpha, options).Working
            : WorkingImage.From(decoded.Rgb, decoded.Alpha);
        if (Math.Abs(working.Scale - manifest.WorkingScale) > 1e-9 || decoded.Width != manifest.Width || decoded.Height != manifest.Height)
        {
            throw new PermanentFailureException($"The upload decodes to {decoded.Width}x{decoded.Height} (scale {working.Scale}), not the {manifest.Width}x{manifest.Height} (scale {manifest.WorkingScale}) detection saw.");
        }

        var aligned = manifest.Faces.Select((f, i) => new AlignedFace(f.ToDetectedFace(), AffineMatrix.FromRows(f.ImageToCrop), faces[i].Crop)).ToArray();
        var prepared = new PreparedImage(decoded.Width, decoded.Height, working, manifest.IsGray, options.HasAligned, aligned, TimeSpan.Zero, TimeSpan.Zero);
        return RestorationPipeline.Compose(prepared, faces.Select(f => f.Restored).ToArray(), options);
    }

    public static (BinaryData Bytes, string ContentType) Encode(PastedImage image, OutputFormat output)
    {
        ArgumentNullException.ThrowIfNull(image);
        return (BinaryData.FromBytes(ImageEncoder.Encode(image.Rgb, image.Alpha, new EncodeOptions(output))), output.ContentType());
    }

    private static RestoreOptions ToRestoreOptions(JobOptions job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new RestoreOptions(job.Fidelity, job.Upscale, job.HasAligned, job.OnlyCenterFace);
    }

    public void Dispose()
    {
        if (_detector.IsValueCreated)
        {
            _detector.Value.Dispose();
        }
    }
}
