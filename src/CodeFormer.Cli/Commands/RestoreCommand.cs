using System.CommandLine;
using CodeFormer.Cli.Restore;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Upsampling;
using CodeFormer.Network.Fetching;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>`codeformer restore &lt;file|folder&gt; -o &lt;dir&gt; …`: the official inference script's job.</summary>
internal static class RestoreCommand
{
    public const string RealEsrganModelFile = "realesrgan-x2plus.onnx";

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "An image file or a folder of images." };
        var output = new Option<string>("--output", "-o") { Description = "Output folder (final_results/, cropped_faces/, restored_faces/, report.json).", DefaultValueFactory = _ => "results" };
        var fidelity = new Option<double>("--fidelity", "-w") { Description = "Fidelity weight w in [0, 1]: lower restores more, higher stays closer to the input.", DefaultValueFactory = _ => 0.5 };
        var upscale = new Option<int>("--upscale", "-s") { Description = "Enlarge the whole image by 1-4.", DefaultValueFactory = _ => 2 };
        var hasAligned = new Option<bool>("--has-aligned") { Description = "Inputs are faces already aligned to the FFHQ template (512×512)." };
        var onlyCenter = new Option<bool>("--only-center-face") { Description = "Restore only the face nearest the image centre." };
        var largest = new Option<bool>("--largest-face") { Description = "Restore only the largest face." };
        var drawBox = new Option<bool>("--draw-box") { Description = "Outline each restored face in green." };
        var detector = new Option<string>("--detector") { Description = "Face detector: blazeface (embedded) or yunet.", DefaultValueFactory = _ => "blazeface" };
        detector.AcceptOnlyFromAmong("blazeface", "yunet");
        var detectorModel = new Option<string?>("--detector-model") { Description = "The YuNet ONNX file (default: yunet-2023mar.onnx in the models folder)." };
        var model = new Option<string>("--model") { Description = $"CodeFormer ONNX model (default: {ModelPaths.DefaultModel})." };
        var device = new Option<string>("--device") { Description = "cpu or cuda (falls back to cpu, with the reason, when CUDA is unavailable).", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var format = new Option<string>("--format") { Description = "Final image format: png, jpg or webp.", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("png", "jpg", "jpeg", "webp");
        var fetchModel = new Option<bool>("--fetch-model") { Description = "When no model is found, download the official release checkpoint and convert it first (same as `codeformer models fetch`)." };
        var landmarks = new Option<string?>("--landmarks") { Description = "JSON array of faces, each five [x, y] points in input pixels (official order); skips detection." };
        var bgUpsampler = new Option<string>("--bg-upsampler") { Description = "Background upsampler: none (bilinear) or realesrgan (Real-ESRGAN x2plus, tiled, as the official --bg_upsampler).", DefaultValueFactory = _ => "none" };
        bgUpsampler.AcceptOnlyFromAmong("none", "realesrgan");
        var bgTile = new Option<int>("--bg-tile") { Description = "Real-ESRGAN tile size in pixels (even; 0 = whole image at once).", DefaultValueFactory = _ => 400 };
        var bgModel = new Option<string?>("--bg-model") { Description = $"Real-ESRGAN x2plus ONNX model (default: {RealEsrganModelFile} in the models folder)." };

        var command = new Command("restore", "Restore the faces in a photo or a folder of photos.")
        {
            input, output, fidelity, upscale, hasAligned, onlyCenter, largest, drawBox, detector, detectorModel, model, device, format, landmarks, fetchModel, bgUpsampler, bgTile, bgModel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RestoreOptions options;
            try
            {
                options = new RestoreOptions(parse.GetValue(fidelity), parse.GetValue(upscale), parse.GetValue(hasAligned), parse.GetValue(onlyCenter), parse.GetValue(largest), parse.GetValue(drawBox))
                {
                    BackgroundUpsampling = parse.GetValue(bgUpsampler) == "realesrgan" ? new UpsamplerOptions(parse.GetValue(bgTile)) : null,
                };
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message.Split(Environment.NewLine)[0]}");
                return 1;
            }

            var settings = new RestoreSettings(
                parse.GetValue(input)!,
                parse.GetValue(output)!,
                options,
                parse.GetValue(detector) == "yunet" ? DetectorKind.YuNet : DetectorKind.BlazeFace,
                parse.GetValue(detectorModel),
                parse.GetValue(model) ?? ModelPaths.DefaultModel,
                parse.GetValue(device) == "cuda" ? ExecutionDevice.Cuda : ExecutionDevice.Cpu,
                OutputFormats.Parse(parse.GetValue(format)!),
                parse.GetValue(landmarks),
                BackgroundModel: parse.GetValue(bgModel) ?? Path.Combine(ModelPaths.DefaultDirectory, RealEsrganModelFile));
            if (!File.Exists(settings.ModelPath) && parse.GetValue(fetchModel))
            {
                int fetched = await ModelsCommand.FetchAsync(new ModelFetchOptions(settings.ModelPath), AnsiConsole.Console, cancellationToken);
                if (fetched != 0)
                {
                    return fetched;
                }
            }

            return new RestoreRunner(AnsiConsole.Console).Run(settings, cancellationToken);
        });
        return command;
    }
}
