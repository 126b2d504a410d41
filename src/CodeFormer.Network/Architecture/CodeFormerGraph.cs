using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Architecture;

/// <summary>
/// Emits the CodeFormer forward pass (ARCHITECTURE.md) as ONNX opset-17 nodes: VQGAN encoder, transformer code
/// prediction, codebook lookup with AdaIN, decoder with controllable feature transformation. Activations are
/// [N, C, H, W] with a dynamic batch N; every Reshape copies N with a 0.
/// </summary>
internal sealed class CodeFormerGraph
{
    private const float GroupNormEpsilon = 1e-6f;
    private const float LayerNormEpsilon = 1e-5f;
    private const float AdaInEpsilon = 1e-5f;
    private const float FusionLeakySlope = 0.2f;

    private readonly OnnxGraphBuilder _g;
    private readonly ParameterSet _parameters;
    private readonly WeightPrecision _precision;
    private readonly CodeFormerConfig _c;
    private readonly CodeFormerLayout _layout;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);

    public CodeFormerGraph(ParameterSet parameters, CodeFormerBuildOptions options)
    {
        _c = options.Config;
        _layout = CodeFormerLayout.For(_c);
        _parameters = parameters;
        _precision = options.Precision;
        _g = new OnnxGraphBuilder("codeformer");
    }

    public OnnxModel Build(string docString)
    {
        int size = _c.ImageSize;
        string batch = CodeFormerSignature.BatchDimension;
        string input = _g.AddInput(CodeFormerSignature.Input, OnnxElementType.Float, batch, 3, size, size);

        // The official forward fuses only when w > 0: at a fixed w of 0 (colourisation) the fusion layers never run.
        string? fidelity = _c.FixedFidelity switch
        {
            null => _g.Node("Cast", [_g.AddInput(CodeFormerSignature.Weight, OnnxElementType.Double, 1)], OnnxAttribute.Int("to", (long)OnnxElementType.Float)),
            0.0 => null,
            { } fixedW => Scalar((float)fixedW),
        };

        var encoderFeatures = new Dictionary<int, string>();
        string x = input;
        for (int i = 0; i < _layout.Encoder.Count; i++)
        {
            x = Block($"encoder.blocks.{i}", _layout.Encoder[i], x);
            foreach (var (res, index) in _layout.EncoderFeatureAfter)
            {
                if (index == i)
                {
                    encoderFeatures[res] = x;
                }
            }
        }

        string lqFeat = x;
        string lqTokensFirst = Reshape(lqFeat, 0, _c.CodeDimension, _c.TokenCount); // [N, E, T]
        string logits = PredictCodes(lqTokensFirst);
        string quant = LookUpCodes(logits, lqTokensFirst);
        x = Reshape(quant, 0, _c.CodeDimension, _c.LatentSize, _c.LatentSize);

        for (int i = 0; i < _layout.Generator.Count; i++)
        {
            x = Block($"generator.blocks.{i}", _layout.Generator[i], x);
            foreach (var (res, index) in _layout.GeneratorFusionAfter)
            {
                if (index == i && fidelity is not null)
                {
                    x = Fuse($"fuse_convs_dict.{res}", _c.ChannelsAt(res), res, encoderFeatures[res], x, fidelity);
                }
            }
        }

        _g.Scope = string.Empty;
        _g.AddOutput(x, CodeFormerSignature.Output, OnnxElementType.Float, batch, 3, size, size);
        _g.AddOutput(logits, CodeFormerSignature.Logits, OnnxElementType.Float, batch, _c.TokenCount, _c.CodebookSize);
        _g.AddOutput(lqFeat, CodeFormerSignature.LqFeat, OnnxElementType.Float, batch, _c.CodeDimension, _c.LatentSize, _c.LatentSize);
        return _g.Build(docString: docString);
    }

    // ---- transformer: tokens → code logits ----

    private string PredictCodes(string lqTokensFirst)
    {
        _g.Scope = "transformer";
        string tokens = _g.Node("Transpose", [lqTokensFirst], OnnxAttribute.Ints("perm", 0, 2, 1)); // [N, T, E]
        string t = Linear(tokens, "feat_emb");
        string position = Param("position_emb");
        for (int i = 0; i < _c.TransformerLayers; i++)
        {
            _g.Scope = $"ft_layers.{i}";
            t = TransformerLayer(t, position, $"ft_layers.{i}.");
        }

        _g.Scope = "idx_pred_layer";
        string normed = LayerNorm(t, "idx_pred_layer.0");
        return _g.Node("MatMul", [normed, TransposedParam("idx_pred_layer.1.weight")]); // [N, T, K]
    }

    private string TransformerLayer(string t, string position, string p)
    {
        int d = _c.TransformerWidth;
        int heads = _c.TransformerHeads;
        int headWidth = d / heads;
        int tokens = _c.TokenCount;

        string t2 = LayerNorm(t, p + "norm1");
        string queryKey = _g.Node("Add", [t2, position]);
        string q = Projection(queryKey, p + "self_attn.in_proj_weight", p + "self_attn.in_proj_bias", part: 0);
        string k = Projection(queryKey, p + "self_attn.in_proj_weight", p + "self_attn.in_proj_bias", part: 1);
        string v = Projection(t2, p + "self_attn.in_proj_weight", p + "self_attn.in_proj_bias", part: 2);
        q = _g.Node("Mul", [q, Scalar(1f / MathF.Sqrt(headWidth))]);

        string qh = _g.Node("Transpose", [Reshape(q, 0, tokens, heads, headWidth)], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string kh = _g.Node("Transpose", [Reshape(k, 0, tokens, heads, headWidth)], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        string vh = _g.Node("Transpose", [Reshape(v, 0, tokens, heads, headWidth)], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string weights = _g.Node("Softmax", [_g.Node("MatMul", [qh, kh])], OnnxAttribute.Int("axis", -1));
        string merged = _g.Node("Transpose", [_g.Node("MatMul", [weights, vh])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string attended = Linear(Reshape(merged, 0, tokens, d), p + "self_attn.out_proj");
        t = _g.Node("Add", [t, attended]);

        string hidden = Gelu(Linear(LayerNorm(t, p + "norm2"), p + "linear1"));
        return _g.Node("Add", [t, Linear(hidden, p + "linear2")]);
    }

    private string Gelu(string x)
    {
        string erf = _g.Node("Erf", [_g.Node("Div", [x, Scalar(MathF.Sqrt(2f))])]);
        return _g.Node("Mul", [_g.Node("Mul", [x, Scalar(0.5f)]), _g.Node("Add", [erf, Scalar(1f)])]);
    }

    private string LayerNorm(string x, string prefix) =>
        _g.Node("LayerNormalization", [x, Param(prefix + ".weight"), Param(prefix + ".bias")],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", LayerNormEpsilon));

    private string Linear(string x, string prefix) =>
        _g.Node("Add", [_g.Node("MatMul", [x, TransposedParam(prefix + ".weight")]), Param(prefix + ".bias")]);

    /// <summary>One of the q, k, v projections packed in a PyTorch MultiheadAttention's in_proj (rows q, then k, then v).</summary>
    private string Projection(string x, string weightName, string biasName, int part)
    {
        int d = _c.TransformerWidth;
        var weight = _parameters[weightName].Data;
        var bias = _parameters[biasName].Data;
        string suffix = "qkv"[part].ToString();
        string w = AddParam($"{weightName}.{suffix}.T", Transpose(weight.AsSpan(part * d * d, d * d), d, d), d, d);
        string b = AddParam($"{biasName}.{suffix}", bias.AsSpan(part * d, d).ToArray(), d);
        return _g.Node("Add", [_g.Node("MatMul", [x, w]), b]);
    }

    // ---- code lookup and AdaIN ----

    private string LookUpCodes(string logits, string lqTokensFirst)
    {
        _g.Scope = "quantize";
        string index = _g.Node("ArgMax", [logits], OnnxAttribute.Int("axis", 2), OnnxAttribute.Int("keepdims", 0)); // [N, T]
        string codes = _g.Node("Gather", [Param("quantize.embedding.weight"), index], OnnxAttribute.Int("axis", 0)); // [N, T, E]
        string codesFirst = _g.Node("Transpose", [codes], OnnxAttribute.Ints("perm", 0, 2, 1)); // [N, E, T]

        if (!_c.AdaIn)
        {
            return codesFirst;
        }

        _g.Scope = "adain";
        var (codeCentred, codeStd) = CentredAndStd(codesFirst);
        var (lqCentred, lqStd) = CentredAndStd(lqTokensFirst);
        string lqMean = _g.Node("Sub", [lqTokensFirst, lqCentred]);
        string normalised = _g.Node("Div", [codeCentred, codeStd]);
        return _g.Node("Add", [_g.Node("Mul", [normalised, lqStd]), lqMean]);
    }

    /// <summary>x − mean and sqrt(unbiased variance + eps) over the last axis, as the reference's calc_mean_std.</summary>
    private (string Centred, string Std) CentredAndStd(string x)
    {
        string mean = _g.Node("ReduceMean", [x], OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
        string centred = _g.Node("Sub", [x, mean]);
        string sumSquares = _g.Node("ReduceSum", [_g.Node("Mul", [centred, centred]), Int64s(2)], OnnxAttribute.Int("keepdims", 1));
        string variance = _g.Node("Div", [sumSquares, Scalar(_c.TokenCount - 1)]);
        return (centred, _g.Node("Sqrt", [_g.Node("Add", [variance, Scalar(AdaInEpsilon)])]));
    }

    // ---- convolutional blocks ----

    private string Block(string prefix, BlockSpec block, string x)
    {
        _g.Scope = prefix;
        return block.Kind switch
        {
            BlockKind.Conv => Conv(x, prefix, 3),
            BlockKind.Norm => GroupNorm(x, prefix, block.InChannels, block.Resolution),
            BlockKind.Res => ResBlock(x, prefix, block.InChannels, block.OutChannels, block.Resolution),
            BlockKind.Attention => Attention(x, prefix, block.InChannels, block.Resolution),
            BlockKind.Downsample => Conv(x, prefix + ".conv", 3, stride: 2, pads: [0, 0, 1, 1]),
            BlockKind.Upsample => Conv(Upsample(x), prefix + ".conv", 3),
            _ => throw new ArgumentOutOfRangeException(nameof(block), block.Kind, "Unknown block kind."),
        };
    }

    private string ResBlock(string x, string prefix, int cin, int cout, int res)
    {
        string h = Conv(Swish(GroupNorm(x, prefix + ".norm1", cin, res)), prefix + ".conv1", 3);
        h = Conv(Swish(GroupNorm(h, prefix + ".norm2", cout, res)), prefix + ".conv2", 3);
        string skip = cin != cout ? Conv(x, prefix + ".conv_out", 1) : x;
        return _g.Node("Add", [skip, h]);
    }

    private string Attention(string x, string prefix, int c, int res)
    {
        int positions = res * res;
        string h = GroupNorm(x, prefix + ".norm", c, res);
        string q = Reshape(Conv(h, prefix + ".q", 1), 0, c, positions);
        string k = Reshape(Conv(h, prefix + ".k", 1), 0, c, positions);
        string v = Reshape(Conv(h, prefix + ".v", 1), 0, c, positions);
        string queriesFirst = _g.Node("Transpose", [q], OnnxAttribute.Ints("perm", 0, 2, 1)); // [N, HW, C]
        string scores = _g.Node("Mul", [_g.Node("MatMul", [queriesFirst, k]), Scalar(1f / MathF.Sqrt(c))]);
        string weights = _g.Node("Softmax", [scores], OnnxAttribute.Int("axis", 2)); // over keys
        string weightsT = _g.Node("Transpose", [weights], OnnxAttribute.Ints("perm", 0, 2, 1));
        string attended = Reshape(_g.Node("MatMul", [v, weightsT]), 0, c, res, res);
        return _g.Node("Add", [x, Conv(attended, prefix + ".proj_out", 1)]);
    }

    private string Fuse(string prefix, int channels, int res, string encoderFeature, string decoderFeature, string fidelity)
    {
        _g.Scope = prefix;
        string both = _g.Node("Concat", [encoderFeature, decoderFeature], OnnxAttribute.Int("axis", 1));
        string g = ResBlock(both, prefix + ".encode_enc", 2 * channels, channels, res);
        string scale = Conv(_g.Node("LeakyRelu", [Conv(g, prefix + ".scale.0", 3)], OnnxAttribute.Float("alpha", FusionLeakySlope)), prefix + ".scale.2", 3);
        string shift = Conv(_g.Node("LeakyRelu", [Conv(g, prefix + ".shift.0", 3)], OnnxAttribute.Float("alpha", FusionLeakySlope)), prefix + ".shift.2", 3);
        string residual = _g.Node("Mul", [fidelity, _g.Node("Add", [_g.Node("Mul", [decoderFeature, scale]), shift])]);
        return _g.Node("Add", [decoderFeature, residual]);
    }

    private string Conv(string x, string prefix, int kernel, int stride = 1, long[]? pads = null)
    {
        long pad = kernel / 2;
        return _g.Node("Conv", [x, Param(prefix + ".weight"), Param(prefix + ".bias")],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads ?? [pad, pad, pad, pad]));
    }

    /// <summary>GroupNorm as InstanceNormalization over [N, groups, C/groups·H·W], then the per-channel affine.</summary>
    private string GroupNorm(string x, string prefix, int channels, int res)
    {
        int groups = _c.GroupNormGroups;
        string grouped = Reshape(x, 0, groups, -1);
        string normalised = _g.Node("InstanceNormalization", [grouped, Constant($"ones{groups}", OnnxTensor.Float(Enumerable.Repeat(1f, groups).ToArray(), groups)), Constant($"zeros{groups}", OnnxTensor.Float(new float[groups], groups))],
            OnnxAttribute.Float("epsilon", GroupNormEpsilon));
        string back = Reshape(normalised, 0, channels, res, res);
        string gamma = Param(prefix + ".weight", channels, 1, 1);
        string beta = Param(prefix + ".bias", channels, 1, 1);
        return _g.Node("Add", [_g.Node("Mul", [back, gamma]), beta]);
    }

    private string Swish(string x) => _g.Node("Mul", [x, _g.Node("Sigmoid", [x])]);

    /// <summary>Nearest-neighbour ×2 as PyTorch's interpolate(scale_factor=2): output pixel i reads input pixel ⌊i/2⌋.</summary>
    private string Upsample(string x) =>
        _g.Node("Resize", [x, string.Empty, Constant("scale2", OnnxTensor.Float([1f, 1f, 2f, 2f], 4))],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));

    // ---- values ----

    private string Reshape(string x, params long[] shape) =>
        _g.Node("Reshape", [x, Constant("shape" + string.Join("x", shape), OnnxTensor.Int64Vector(shape))]);

    private string Scalar(float value) => Constant("f" + BitConverter.SingleToInt32Bits(value).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), OnnxTensor.FloatScalar(value));

    private string Int64s(params long[] values) => Constant("i" + string.Join("_", values), OnnxTensor.Int64Vector(values));

    private string Constant(string key, OnnxTensor tensor)
    {
        if (!_constants.TryGetValue(key, out string? name))
        {
            string scope = _g.Scope;
            _g.Scope = string.Empty;
            name = _g.AddInitializer("const." + key, tensor);
            _g.Scope = scope;
            _constants[key] = name;
        }

        return name;
    }

    /// <summary>A checkpoint parameter as an initializer (optionally viewed with other dimensions of the same size).</summary>
    private string Param(string name, params long[] dims)
    {
        string key = name + (dims.Length > 0 ? "@" + string.Join("x", dims) : string.Empty);
        if (_params.TryGetValue(key, out string? existing))
        {
            return existing;
        }

        var tensor = _parameters[name];
        long[] shape = dims.Length > 0 ? dims : tensor.Shape.Select(d => (long)d).ToArray();
        string value = AddParam(key, tensor.Data, shape);
        _params[key] = value;
        return value;
    }

    /// <summary>A Linear layer's [out, in] weight transposed to [in, out], for x·Wᵀ as one MatMul.</summary>
    private string TransposedParam(string name)
    {
        var tensor = _parameters[name];
        int rows = tensor.Shape[0];
        int cols = tensor.Shape[1];
        return AddParam(name + ".T", Transpose(tensor.Data, rows, cols), cols, rows);
    }

    private string AddParam(string name, float[] data, params long[] dims)
    {
        if (_precision == WeightPrecision.Float32)
        {
            return _g.AddInitializer(name, OnnxTensor.Float(data, dims));
        }

        var half = new Half[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            half[i] = (Half)data[i];
        }

        string stored = _g.AddInitializer(name + ".fp16", OnnxTensor.Half(half, dims));
        return _g.Node("Cast", [stored], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
    }

    private static float[] Transpose(ReadOnlySpan<float> data, int rows, int cols)
    {
        var result = new float[data.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[(c * rows) + r] = data[(r * cols) + c];
            }
        }

        return result;
    }
}
