using System.Text.Json;
using CodeFormer.Cli.Restore;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using Spectre.Console;

namespace CodeFormer.Cli.Video;

/// <summary>`bench --video clip.mp4`: the whole video path per model (decode → restore → encode), in frames/s.</summary>
internal static class VideoBench
{
    public static int Run(IAnsiConsole console, string video, IReadOnlyList<string> models, int upscale, ExecutionDevice device, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("model", "frames", "faces", "frames/s", "detect ms/frame", "infer ms/face", "paste ms/frame", "encode ms/frame");
        foreach (string model in models)
        {
            string output = Directory.CreateTempSubdirectory("codeformer-video-bench-").FullName;
            try
            {
                var settings = new RestoreSettings(video, output, new RestoreOptions(upscale: upscale), DetectorKind.BlazeFace, null, null, true, model, device, OutputFormat.Png, null, VideoSettings.Default);
                int code = new VideoRestoreRunner(console).Run(settings, VideoSettings.Default, cancellationToken);
                if (code != 0)
                {
                    return code;
                }

                using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
                var root = report.RootElement;
                long frames = root.GetProperty("frames").GetInt64();
                var segments = root.GetProperty("segments").EnumerateArray().ToArray();
                int faces = segments.Sum(s => s.GetProperty("faces").GetInt32());
                double Sum(string stage) => segments.Sum(s => s.GetProperty("timings").GetProperty(stage).GetDouble());
                table.AddRow(
                    Path.GetFileName(model), frames.ToString(), faces.ToString(), root.GetProperty("framesPerSecond").GetDouble().ToString("F2"),
                    (Sum("detectMs") / frames).ToString("F1"), (Sum("inferMs") / Math.Max(1, faces)).ToString("F1"), (Sum("pasteMs") / frames).ToString("F1"), (Sum("encodeMs") / frames).ToString("F1"));
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        console.Write(table);
        return 0;
    }
}
