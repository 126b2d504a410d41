using System.Diagnostics;
using System.Text.Json;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// Paste-back of a very large result on its own: a golden case's photo enlarged to the given size (its landmarks
/// scaled with it, each face restored as its own crop), pasted at the given upscale, then encoded as PNG. Reports
/// the paste's wall time, what the process allocated during it, and the peak working set; run it in a fresh
/// process so that peak is the paste's.
/// </summary>
internal sealed class LargePaste(IAnsiConsole console)
{
    public object Run(string caseFolder, int width, int height, int upscale)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseFolder, "case.json")));
        var decoded = new ImageDecoder().Decode(File.ReadAllBytes(Path.Combine(caseFolder, "input.png")));
        double sx = (double)width / decoded.Width, sy = (double)height / decoded.Height;
        var photo = BilinearResize.Resize(decoded.Rgb, width, height);
        var faces = doc.RootElement.GetProperty("landmarks").EnumerateArray()
            .Select(face => new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, face.EnumerateArray().Select(p => new Point2(p[0].GetDouble() * sx, p[1].GetDouble() * sy)).ToArray()))
            .Select(landmarks => FaceAligner.Align(photo, landmarks))
            .Select(crop => new PasteFace(crop.ImageToCrop, crop.Crop, crop.Crop))
            .ToArray();
        GC.Collect();
        double baselineMb = Measure.PeakWorkingSetMb();

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var pasted = FacePaster.Paste(photo, null, faces, new PasteOptions(upscale));
        double pasteMs = clock.Elapsed.TotalMilliseconds;
        double allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024.0 * 1024.0);
        double pastePeakMb = Measure.PeakWorkingSetMb();

        clock.Restart();
        byte[] png = ImageEncoder.Encode(pasted.Rgb, pasted.Alpha, new EncodeOptions(OutputFormat.Png));
        double encodeMs = clock.Elapsed.TotalMilliseconds;
        double peakMb = Measure.PeakWorkingSetMb();

        var table = new Table().AddColumns("input", "result", "faces", "paste ms", "allocated in paste MB", "peak WS before / after paste / after encode MB", "encode ms", "PNG MB");
        table.AddRow($"{width}x{height}", $"{pasted.Rgb.Width}x{pasted.Rgb.Height} (s{upscale})", faces.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{pasteMs:F0}", $"{allocatedMb:F0}", $"{baselineMb:F0} / {pastePeakMb:F0} / {peakMb:F0}", $"{encodeMs:F0}", $"{png.Length / 1e6:F1}");
        console.Write(table);
        return new
        {
            input = $"{width}x{height}",
            result = $"{pasted.Rgb.Width}x{pasted.Rgb.Height}",
            upscale,
            faces = faces.Length,
            pasteMs = Math.Round(pasteMs),
            allocatedInPasteMb = Math.Round(allocatedMb),
            peakWorkingSetBeforePasteMb = Math.Round(baselineMb),
            peakWorkingSetAfterPasteMb = Math.Round(pastePeakMb),
            peakWorkingSetAfterEncodeMb = Math.Round(peakMb),
            encodeMs = Math.Round(encodeMs),
        };
    }
}
