using CodeFormer.Core.Imaging;
using CodeFormer.Core.Pipeline;

namespace CodeFormer.Cli.Restore;

/// <summary>The official tool's output layout: final_results/, cropped_faces/, restored_faces/ (+ our report.json).</summary>
internal sealed class RestoreOutputs
{
    private readonly string _root;
    private readonly OutputFormat _format;

    public RestoreOutputs(string root, OutputFormat format)
    {
        _root = root;
        _format = format;
        Directory.CreateDirectory(FinalResults);
        Directory.CreateDirectory(CroppedFaces);
        Directory.CreateDirectory(RestoredFaces);
    }

    public string FinalResults => Path.Combine(_root, "final_results");

    public string CroppedFaces => Path.Combine(_root, "cropped_faces");

    public string RestoredFaces => Path.Combine(_root, "restored_faces");

    public string Report => Path.Combine(_root, "report.json");

    /// <summary>Writes the final image, crops and restored faces; returns how long encoding took.</summary>
    public TimeSpan Write(string baseName, RestorationResult result)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var png = new EncodeOptions(OutputFormat.Png);
        if (result.Prepared.HasAligned)
        {
            // The official tool writes an aligned input's restoration as restored_faces/<name>.png only.
            File.WriteAllBytes(Path.Combine(RestoredFaces, baseName + ".png"), ImageEncoder.Encode(result.RestoredFaces[0], null, png));
        }
        else
        {
            for (int i = 0; i < result.Prepared.Faces.Count; i++)
            {
                string name = $"{baseName}_{i:00}.png";
                File.WriteAllBytes(Path.Combine(CroppedFaces, name), ImageEncoder.Encode(result.Prepared.Faces[i].Crop, null, png));
                File.WriteAllBytes(Path.Combine(RestoredFaces, name), ImageEncoder.Encode(result.RestoredFaces[i], null, png));
            }
        }

        string final = Path.Combine(FinalResults, baseName + _format.FileExtension());
        File.WriteAllBytes(final, ImageEncoder.Encode(result.Final.Rgb, result.Final.Alpha, new EncodeOptions(_format)));
        return clock.Elapsed;
    }
}
