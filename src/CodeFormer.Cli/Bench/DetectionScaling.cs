using System.Diagnostics;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// Detection time, faces found and peak memory on 12, 24 and 48 megapixel mosaics of one photo (its copies side
/// by side, each face at its own size), the old way — a copy shrunk to a 640 short side — and the current one —
/// the photo at its own resolution with tiles down to 10 px between the eyes.
/// </summary>
internal sealed class DetectionScaling(IAnsiConsole console)
{
    private static readonly int[] s_megapixels = [12, 24, 48];

    public List<object> Run(string photoPath, IFaceDetector detector)
    {
        var photo = new ImageDecoder().Decode(File.ReadAllBytes(photoPath)).Rgb;
        int perCopy = new FaceFinder(detector).Find(photo).Count;
        console.MarkupLineInterpolated($"{Path.GetFileName(photoPath)}: {photo.Width}×{photo.Height}, {perCopy} faces found in one copy");
        var rows = new List<object>();
        var table = new Table().AddColumns("mosaic", "copies", "640: ms", "640: faces", "native: ms", "native: faces", "peak MB");
        foreach (int megapixels in s_megapixels)
        {
            int copies = (int)Math.Ceiling(Math.Sqrt(megapixels * 1e6 / (photo.Width * (double)photo.Height)));
            var mosaic = Mosaic(photo, copies);
            var (shrinkMs, shrinkFaces) = Time(() => ShrunkTo640(detector, mosaic));
            var (nativeMs, nativeFaces) = Time(() => new FaceFinder(detector).Find(mosaic).Count);
            double peak = Measure.PeakWorkingSetMb();
            table.AddRow($"{mosaic.Width}×{mosaic.Height} ({mosaic.Width * (double)mosaic.Height / 1e6:F1} MP)", $"{copies * copies}",
                $"{shrinkMs:F0}", $"{shrinkFaces}", $"{nativeMs:F0}", $"{nativeFaces}", $"{peak:F0}");
            rows.Add(new { width = mosaic.Width, height = mosaic.Height, copies = copies * copies, expectedFaces = copies * copies * perCopy, shrinkMs, shrinkFaces, nativeMs, nativeFaces, peakWorkingSetMb = Math.Round(peak) });
        }

        console.Write(table);
        return rows;
    }

    /// <summary>What detection did before: a copy with a 640 short side, tiled as for an ordinary photo.</summary>
    private static int ShrunkTo640(IFaceDetector detector, RgbImage image)
    {
        double scale = 640.0 / Math.Min(image.Width, image.Height);
        var copy = DetectionImageResizer.Resize(image, (int)Math.Round(image.Width * scale), (int)Math.Round(image.Height * scale));
        return FaceFinder.Select(detector.Detect(copy), copy.Width, copy.Height, DetectionOptions.Default).Count;
    }

    private static (double Ms, int Faces) Time(Func<int> detect)
    {
        var clock = Stopwatch.StartNew();
        int faces = detect();
        return (clock.Elapsed.TotalMilliseconds, faces);
    }

    private static RgbImage Mosaic(RgbImage photo, int copies)
    {
        var mosaic = new RgbImage(photo.Width * copies, photo.Height * copies);
        for (int y = 0; y < mosaic.Height; y++)
        {
            var source = photo.Row(y % photo.Height);
            var row = mosaic.Row(y);
            for (int c = 0; c < copies; c++)
            {
                source.CopyTo(row.Slice(c * source.Length));
            }
        }

        return mosaic;
    }
}
