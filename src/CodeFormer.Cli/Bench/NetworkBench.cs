using System.Diagnostics;
using CodeFormer.Network;
using CodeFormer.Network.Catalog;
using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Parsing;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// `bench --networks`: each detector and parser network built at full size with rule weights (the real graph
/// and the real amount of arithmetic; the values do not change the time) and timed per forward on the CPU at
/// the size the official pipeline feeds it: RetinaFace on a 640 × 1013 image (a 3:2 photo at the pipeline's 640
/// short side), ParseNet on one 512 × 512 face.
/// </summary>
internal static class NetworkBench
{
    private const int DetectorHeight = 640;
    private const int DetectorWidth = 1013;
    private const int FaceSize = ParseNetParameters.ImageSize;

    public static int Run(IAnsiConsole console, int runs)
    {
        console.MarkupLine($"[bold]Networks[/] (rule weights at full size, batch 1, ONNX Runtime CPU, {Environment.ProcessorCount} logical cores, median of {runs} after a warm-up)");
        var cases = new (NetworkInfo Network, long[] Shape, string Input, string Per)[]
        {
            (NetworkCatalog.RetinaFaceResNet50, [1, 3, DetectorHeight, DetectorWidth], RetinaFaceSignature.Input, "photo"),
            (NetworkCatalog.RetinaFaceMobileNet025, [1, 3, DetectorHeight, DetectorWidth], RetinaFaceSignature.Input, "photo"),
            (NetworkCatalog.ParseNet, [1, 3, FaceSize, FaceSize], ParseNetSignature.Input, "face"),
        };

        foreach (var (network, shape, inputName, per) in cases)
        {
            var clock = Stopwatch.StartNew();
            byte[] model = network.Build(RuleWeights.Generate(network.Specs()), WeightPrecision.Float32).ToArray();
            double buildMs = clock.Elapsed.TotalMilliseconds;
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            clock.Restart();
            using var session = new InferenceSession(model, options);
            double sessionMs = clock.Elapsed.TotalMilliseconds;

            var random = new Random(9);
            float[] input = new float[shape.Aggregate(1L, (a, d) => a * d)];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)((random.NextDouble() * 2) - 1);
            }

            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var runOptions = new RunOptions();
            double forwardMs = Measure.MedianMs(runs, () =>
            {
                using var outputs = session.Run(runOptions, [inputName], [value], session.OutputNames);
            });
            console.MarkupLineInterpolated(
                $"  {network.Name}: {forwardMs:F0} ms per {per} forward at {shape[2]}×{shape[3]} (model {model.Length / 1e6:F1} MB; build {buildMs / 1000:F1} s, session {sessionMs / 1000:F1} s)");
        }

        console.MarkupLineInterpolated($"  peak working set {Measure.PeakWorkingSetMb():F0} MB");
        return 0;
    }
}
