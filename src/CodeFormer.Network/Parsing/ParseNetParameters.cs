using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Parsing;

/// <summary>How a ParseNet residual block changes the resolution.</summary>
internal enum ParseNetScale
{
    None,
    Down,
    Up,
}

/// <summary>
/// The state-dict entries of ParseNet(in_size 512, out_size 512, parsing_ch 19, base_ch 64, res_depth 10,
/// LeakyReLU, BatchNorm) as <c>parsing_parsenet.pth</c> holds them, in order (family/parsenet/ARCHITECTURE.md).
/// </summary>
public static class ParseNetParameters
{
    public const int ImageSize = 512;
    public const int ParsingChannels = 19;

    /// <summary>encoder.1–4, body.0–9, decoder.0–3: block name, channels in/out, scale.</summary>
    internal static IReadOnlyList<(string Name, int In, int Out, ParseNetScale Scale)> Blocks { get; } = BuildBlocks();

    public static IReadOnlyList<ParameterSpec> Specs()
    {
        var specs = new List<ParameterSpec>();
        ConvWithBias(specs, "encoder.0", 3, 64);
        foreach (var (name, cin, cout, scale) in Blocks)
        {
            if (HasConvShortcut(cin, cout, scale))
            {
                ConvWithBias(specs, name + ".shortcut_func", cin, cout);
            }

            specs.Add(new(name + ".conv1.conv2d.weight", [cout, cin, 3, 3]));
            RetinaFaceParameters.Bn(specs, name + ".conv1.norm.norm", cout);
            specs.Add(new(name + ".conv2.conv2d.weight", [cout, cout, 3, 3]));
            RetinaFaceParameters.Bn(specs, name + ".conv2.norm.norm", cout);
        }

        ConvWithBias(specs, "out_img_conv", 64, 3);
        ConvWithBias(specs, "out_mask_conv", 64, ParsingChannels);
        return specs;
    }

    /// <summary>The shortcut is the identity only for a block that keeps both width and resolution.</summary>
    internal static bool HasConvShortcut(int cin, int cout, ParseNetScale scale) => scale != ParseNetScale.None || cin != cout;

    private static void ConvWithBias(List<ParameterSpec> specs, string prefix, int cin, int cout)
    {
        specs.Add(new(prefix + ".conv2d.weight", [cout, cin, 3, 3]));
        specs.Add(new(prefix + ".conv2d.bias", [cout]));
    }

    // Widths base_ch·2^k clamped to [32, 256]: 4 down steps 512 → 32, 10 body blocks, 4 up steps back to 512.
    private static List<(string, int, int, ParseNetScale)> BuildBlocks()
    {
        var blocks = new List<(string, int, int, ParseNetScale)>();
        int[] encoderWidths = [64, 128, 256, 256, 256];
        for (int i = 1; i <= 4; i++)
        {
            blocks.Add(($"encoder.{i}", encoderWidths[i - 1], encoderWidths[i], ParseNetScale.Down));
        }

        for (int i = 0; i < 10; i++)
        {
            blocks.Add(($"body.{i}", 256, 256, ParseNetScale.None));
        }

        int[] decoderWidths = [256, 256, 256, 128, 64];
        for (int i = 0; i < 4; i++)
        {
            blocks.Add(($"decoder.{i}", decoderWidths[i], decoderWidths[i + 1], ParseNetScale.Up));
        }

        return blocks;
    }
}
