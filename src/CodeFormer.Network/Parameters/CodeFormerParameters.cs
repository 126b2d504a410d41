using CodeFormer.Network.Architecture;

namespace CodeFormer.Network.Parameters;

/// <summary>
/// Every parameter tensor of a CodeFormer network (the checkpoint's <c>params_ema</c> dictionary), named and
/// ordered as PyTorch's <c>state_dict</c> lists them: the model's own <c>position_emb</c>, then each sub-module
/// in registration order.
/// </summary>
public static class CodeFormerParameters
{
    public static IReadOnlyList<ParameterSpec> Specs(CodeFormerConfig config)
    {
        var layout = CodeFormerLayout.For(config);
        var specs = new List<ParameterSpec>();
        void Add(string name, params int[] shape) => specs.Add(new ParameterSpec(name, shape));

        var c = config;
        Add("position_emb", c.TokenCount, c.TransformerWidth);
        AddBlocks(specs, "encoder.blocks", layout.Encoder);
        Add("quantize.embedding.weight", c.CodebookSize, c.CodeDimension);
        AddBlocks(specs, "generator.blocks", layout.Generator);

        int d = c.TransformerWidth;
        Add("feat_emb.weight", d, c.CodeDimension);
        Add("feat_emb.bias", d);
        for (int i = 0; i < c.TransformerLayers; i++)
        {
            string p = $"ft_layers.{i}.";
            Add(p + "self_attn.in_proj_weight", 3 * d, d);
            Add(p + "self_attn.in_proj_bias", 3 * d);
            Add(p + "self_attn.out_proj.weight", d, d);
            Add(p + "self_attn.out_proj.bias", d);
            Add(p + "linear1.weight", c.TransformerMlpWidth, d);
            Add(p + "linear1.bias", c.TransformerMlpWidth);
            Add(p + "linear2.weight", d, c.TransformerMlpWidth);
            Add(p + "linear2.bias", d);
            Add(p + "norm1.weight", d);
            Add(p + "norm1.bias", d);
            Add(p + "norm2.weight", d);
            Add(p + "norm2.bias", d);
        }

        Add("idx_pred_layer.0.weight", d);
        Add("idx_pred_layer.0.bias", d);
        Add("idx_pred_layer.1.weight", c.CodebookSize, d);

        foreach (int res in c.FusionResolutions)
        {
            int ch = c.ChannelsAt(res);
            string p = $"fuse_convs_dict.{res}.";
            AddBlock(specs, p + "encode_enc", new BlockSpec(BlockKind.Res, 2 * ch, ch, res));
            foreach (string branch in new[] { "scale", "shift" })
            {
                AddConv(specs, $"{p}{branch}.0", ch, ch, 3);
                AddConv(specs, $"{p}{branch}.2", ch, ch, 3);
            }
        }

        return specs;
    }

    private static void AddBlocks(List<ParameterSpec> specs, string prefix, IReadOnlyList<BlockSpec> blocks)
    {
        for (int i = 0; i < blocks.Count; i++)
        {
            AddBlock(specs, $"{prefix}.{i}", blocks[i]);
        }
    }

    private static void AddBlock(List<ParameterSpec> specs, string prefix, BlockSpec block)
    {
        int cin = block.InChannels;
        int cout = block.OutChannels;
        switch (block.Kind)
        {
            case BlockKind.Conv:
                AddConv(specs, prefix, cin, cout, 3);
                break;
            case BlockKind.Norm:
                AddNorm(specs, prefix, cin);
                break;
            case BlockKind.Downsample:
            case BlockKind.Upsample:
                AddConv(specs, prefix + ".conv", cin, cout, 3);
                break;
            case BlockKind.Res:
                AddNorm(specs, prefix + ".norm1", cin);
                AddConv(specs, prefix + ".conv1", cin, cout, 3);
                AddNorm(specs, prefix + ".norm2", cout);
                AddConv(specs, prefix + ".conv2", cout, cout, 3);
                if (cin != cout)
                {
                    AddConv(specs, prefix + ".conv_out", cin, cout, 1);
                }

                break;
            case BlockKind.Attention:
                AddNorm(specs, prefix + ".norm", cin);
                foreach (string part in new[] { "q", "k", "v", "proj_out" })
                {
                    AddConv(specs, $"{prefix}.{part}", cin, cin, 1);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.Kind, "Unknown block kind.");
        }
    }

    private static void AddConv(List<ParameterSpec> specs, string prefix, int cin, int cout, int kernel)
    {
        specs.Add(new ParameterSpec(prefix + ".weight", [cout, cin, kernel, kernel]));
        specs.Add(new ParameterSpec(prefix + ".bias", [cout]));
    }

    private static void AddNorm(List<ParameterSpec> specs, string prefix, int channels)
    {
        specs.Add(new ParameterSpec(prefix + ".weight", [channels]));
        specs.Add(new ParameterSpec(prefix + ".bias", [channels]));
    }
}
