using System.Diagnostics;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Tests.Detection;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.EndToEnd;

/// <summary>
/// The rule-weight RetinaFace ResNet-50 (built by CodeFormer.Network) behind <see cref="RetinaFaceDetector"/> on a
/// case's detector input gives the official detect_faces rows: the same priors kept in the same order, boxes and
/// landmarks within 0.05 px, scores within 1e-4. Rule weights score at most ~0.56, so the case's lowered threshold is used.
/// </summary>
public sealed class RuleWeightDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public void Rule_weight_network_gives_the_official_rows_of_case_00()
    {
        var c = RetinaFaceCase.Load("00");
        var run = c.Runs.Single(r => r.GetProperty("name").GetString() == "low_threshold");
        var clock = Stopwatch.StartNew();
        var thresholds = new DetectorThresholds(run.GetProperty("conf_threshold").GetSingle(), run.GetProperty("nms_threshold").GetSingle());
        using var detector = new RetinaFaceDetector(ModelSource.FromBytes("retinaface-resnet50-rule.onnx", RuleWeightNetworks.RetinaFaceResNet50), thresholds);
        var built = clock.Elapsed;
        var image = ImageFiles.ReadRgb(Path.Combine(c.Folder, "detector_input.png"));
        Assert.Equal(c.Tensor("input"), RetinaFaceDetector.InputTensor(image));

        clock.Restart();
        var rows = detector.DetectRows(image);
        var detectTime = clock.Elapsed;

        var expected = run.GetProperty("detect_faces");
        Assert.Equal(expected.GetProperty("prior_of_row").EnumerateArray().Select(e => e.GetInt32()), rows.Select(r => r.Prior));
        var expectedRows = RetinaFaceCase.Rows(expected.GetProperty("rows"));
        float worstPixel = 0, worstScore = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            for (int k = 0; k < 15; k++)
            {
                float d = MathF.Abs(rows[i].Values[k] - expectedRows[i][k]);
                if (k == 4)
                {
                    worstScore = MathF.Max(worstScore, d);
                }
                else
                {
                    worstPixel = MathF.Max(worstPixel, d);
                }
            }
        }

        output.WriteLine($"built in {built.TotalSeconds:F1} s, detect {detectTime.TotalSeconds:F2} s: {rows.Count} rows, max |Δ| {worstPixel:G3} px, score {worstScore:G3}");
        Assert.True(worstPixel <= 0.05f, $"{worstPixel} px");
        Assert.True(worstScore <= 1e-4f, $"score {worstScore}");
    }
}
