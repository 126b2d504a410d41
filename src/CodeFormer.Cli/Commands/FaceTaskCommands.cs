using System.CommandLine;
using CodeFormer.Cli.Restore;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using Spectre.Console;

namespace CodeFormer.Cli.Commands;

/// <summary>
/// <c>codeformer colorize</c> and <c>codeformer inpaint</c>: the paper's other two tasks with their own checkpoints,
/// on aligned faces (<c>--has-aligned</c>, the official scripts' form) and on whole photos (detect → align → the
/// task's network → paste back). Same output layout and report as <c>restore</c>.
/// </summary>
internal static class FaceTaskCommands
{
    public const string ColorizationModelFile = "codeformer-colorization.onnx";
    public const string InpaintingModelFile = "codeformer-inpainting.onnx";

    public static Command Colorize() => Create(
        "colorize", FaceTask.Colorize, ColorizationModelFile,
        "Colour gray or faded faces with the colour-enhancement checkpoint (aligned faces or whole photos).");

    public static Command Inpaint() => Create(
        "inpaint", FaceTask.Inpaint, InpaintingModelFile,
        "Fill missing face regions with the inpainting checkpoint: pure white (255,255,255) in aligned faces, or --mask on whole photos.");

    private static Command Create(string name, FaceTask task, string modelFile, string description)
    {
        var input = new Argument<string>("input") { Description = "An image file or a folder of images." };
        var output = new Option<string>("--output", "-o") { Description = "Output folder (final_results/, cropped_faces/, restored_faces/, report.json).", DefaultValueFactory = _ => "results" };
        var upscale = new Option<int>("--upscale", "-s") { Description = "Enlarge the whole image by 1-4.", DefaultValueFactory = _ => 2 };
        var hasAligned = new Option<bool>("--has-aligned") { Description = "Inputs are faces already aligned to the FFHQ template (512×512)." };
        var onlyCenter = new Option<bool>("--only-center-face") { Description = "Only the face nearest the image centre." };
        var largest = new Option<bool>("--largest-face") { Description = "Only the largest face." };
        var detector = new Option<string>("--detector") { Description = "Face detector: blazeface (embedded) or yunet.", DefaultValueFactory = _ => "blazeface" };
        detector.AcceptOnlyFromAmong("blazeface", "yunet");
        var detectorModel = new Option<string?>("--detector-model") { Description = "The YuNet ONNX file." };
        var model = new Option<string>("--model") { Description = $"The {name} ONNX model (default: {modelFile} in the models folder)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var format = new Option<string>("--format") { Description = "Final image format: png, jpg or webp.", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("png", "jpg", "jpeg", "webp");
        var mask = new Option<string?>("--mask") { Description = "Whole photos: an image of the photo's size, white where to fill; warped into each face's crop." };

        var command = new Command(name, description) { input, output, upscale, hasAligned, onlyCenter, largest, detector, detectorModel, model, device, format };
        if (task == FaceTask.Inpaint)
        {
            command.Options.Add(mask);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            RestoreOptions options;
            try
            {
                // The fidelity is fixed inside these models (0 for colourisation, 1 for inpainting); this value is not fed.
                options = new RestoreOptions(task == FaceTask.Inpaint ? 1 : 0, parse.GetValue(upscale), parse.GetValue(hasAligned), parse.GetValue(onlyCenter), parse.GetValue(largest)) { Task = task };
            }
            catch (ArgumentOutOfRangeException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message.Split(Environment.NewLine)[0]}");
                return Task.FromResult(1);
            }

            string? maskFile = task == FaceTask.Inpaint ? parse.GetValue(mask) : null;
            if (task == FaceTask.Inpaint && !options.HasAligned && maskFile is null)
            {
                Console.Error.WriteLine("error: inpainting a whole photo needs --mask (white where to fill); aligned faces (--has-aligned) carry their holes as pure white");
                return Task.FromResult(1);
            }

            if (maskFile is not null && Directory.Exists(parse.GetValue(input)))
            {
                Console.Error.WriteLine("error: --mask applies to a single input file, not a folder");
                return Task.FromResult(1);
            }

            var settings = new RestoreSettings(
                parse.GetValue(input)!,
                parse.GetValue(output)!,
                options,
                parse.GetValue(detector) == "yunet" ? DetectorKind.YuNet : DetectorKind.BlazeFace,
                parse.GetValue(detectorModel),
                parse.GetValue(model) ?? Path.Combine(ModelPaths.DefaultDirectory, modelFile),
                parse.GetValue(device) == "cuda" ? ExecutionDevice.Cuda : ExecutionDevice.Cpu,
                OutputFormats.Parse(parse.GetValue(format)!),
                LandmarksFile: null,
                maskFile);
            return Task.FromResult(new RestoreRunner(AnsiConsole.Console).Run(settings, cancellationToken));
        });
        return command;
    }
}
