using CodeFormer.Network.Architecture;
using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Parsing;

/// <summary>
/// Emits ParseNet's forward pass (family/parsenet/ARCHITECTURE.md) as ONNX opset-17 nodes: encoder, residual
/// body with the long skip, decoder, and the two output convolutions. Every ConvLayer is [×2 nearest] →
/// reflection pad 1 → 3×3 conv [stride 2] → [BatchNorm] → [LeakyReLU 0.2].
/// </summary>
internal sealed class ParseNetGraph(ParameterSet parameters)
{
    private const float LeakySlope = 0.2f;

    private readonly ConvNetGraph _n = new("parsenet", parameters);

    private OnnxGraphBuilder G => _n.G;

    public OnnxModel Build(string docString)
    {
        int size = ParseNetParameters.ImageSize;
        string batch = ParseNetSignature.BatchDimension;
        string x = G.AddInput(ParseNetSignature.Input, OnnxElementType.Float, batch, 3, size, size);

        G.Scope = "encoder.0";
        x = ConvLayer(x, "encoder.0", ParseNetScale.None, norm: false, act: false); // a plain biased conv: no BN, no activation
        string? encoded = null;
        foreach (var (name, cin, cout, scale) in ParseNetParameters.Blocks)
        {
            if (name == "body.0")
            {
                encoded = x;
            }

            G.Scope = name;
            x = ResidualBlock(x, name, cin, cout, scale);
            if (name == "body.9")
            {
                x = _n.Add(encoded!, x); // the long skip around the body
            }
        }

        G.Scope = "out";
        string mask = ConvLayer(x, "out_mask_conv", ParseNetScale.None, norm: false, act: false);
        string image = ConvLayer(x, "out_img_conv", ParseNetScale.None, norm: false, act: false);

        G.Scope = string.Empty;
        G.AddOutput(mask, ParseNetSignature.Parsing, OnnxElementType.Float, batch, ParseNetParameters.ParsingChannels, size, size);
        G.AddOutput(image, ParseNetSignature.Image, OnnxElementType.Float, batch, 3, size, size);
        return G.Build(docString: docString);
    }

    /// <summary>The stride sits on conv2 for 'down'; the ×2 up-sampling inside conv1 for 'up'. No activation after the sum.</summary>
    private string ResidualBlock(string x, string name, int cin, int cout, ParseNetScale scale)
    {
        string shortcut = ParseNetParameters.HasConvShortcut(cin, cout, scale)
            ? ConvLayer(x, name + ".shortcut_func", scale, norm: false, act: false)
            : x;
        string h = ConvLayer(x, name + ".conv1", scale == ParseNetScale.Up ? ParseNetScale.Up : ParseNetScale.None, norm: true, act: true);
        h = ConvLayer(h, name + ".conv2", scale == ParseNetScale.Down ? ParseNetScale.Down : ParseNetScale.None, norm: true, act: false);
        return _n.Add(shortcut, h);
    }

    private string ConvLayer(string x, string prefix, ParseNetScale scale, bool norm, bool act)
    {
        if (scale == ParseNetScale.Up)
        {
            x = _n.UpsampleTwice(x);
        }

        // PyTorch's ReflectionPad2d(1): the edge pixel is not repeated, as ONNX Pad mode "reflect".
        x = G.Node("Pad", [x, _n.Int64s(0, 0, 1, 1, 0, 0, 1, 1)], OnnxAttribute.String("mode", "reflect"));
        x = _n.Conv(x, prefix + ".conv2d", 3, stride: scale == ParseNetScale.Down ? 2 : 1, pad: 0, bias: !norm);
        if (norm)
        {
            x = _n.BatchNorm(x, prefix + ".norm.norm");
        }

        return act ? _n.LeakyRelu(x, LeakySlope) : x;
    }
}
