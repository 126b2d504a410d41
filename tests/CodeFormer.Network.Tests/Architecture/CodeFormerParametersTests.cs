using CodeFormer.Network.Architecture;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Reference;

namespace CodeFormer.Network.Tests.Architecture;

public sealed class CodeFormerParametersTests
{
    [Fact]
    public void The_released_configuration_derives_the_checkpoint_tensor_list_exactly_in_order()
    {
        var expected = NetworkReference.ManifestEntries();
        var derived = CodeFormerParameters.Specs(CodeFormerConfig.Released);

        Assert.Equal(515, expected.Count);
        Assert.Equal(expected.Count, derived.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, derived[i].Name);
            Assert.Equal(expected[i].Shape, derived[i].Shape);
        }

        Assert.Equal(94_112_707, derived.Sum(s => s.ElementCount));
    }

    [Fact]
    public void A_narrow_configuration_scales_every_width_and_keeps_the_names()
    {
        var narrow = CodeFormerConfig.Released with { BaseChannels = 32, ChannelMultipliers = [1, 1, 1, 1, 1, 2], CodebookSize = 64, CodeDimension = 32, TransformerLayers = 2, TransformerWidth = 64, TransformerHeads = 4, TransformerMlpWidth = 128 };
        var specs = CodeFormerParameters.Specs(narrow);

        Assert.Contains(specs, s => s.Name == "quantize.embedding.weight" && s.Shape.SequenceEqual([64, 32]));
        Assert.Contains(specs, s => s.Name == "ft_layers.1.self_attn.in_proj_weight" && s.Shape.SequenceEqual([192, 64]));
        Assert.Contains(specs, s => s.Name == "fuse_convs_dict.32.encode_enc.conv_out.weight" && s.Shape.SequenceEqual([32, 64, 1, 1]));
        Assert.DoesNotContain(specs, s => s.Name.StartsWith("ft_layers.2.", StringComparison.Ordinal));
        Assert.Equal(specs.Count, specs.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Inconsistent_configurations_are_refused_with_the_reason()
    {
        var oddGroups = CodeFormerConfig.Released with { BaseChannels = 48 };
        var ex = Assert.Throws<ArgumentException>(() => CodeFormerParameters.Specs(oddGroups));
        Assert.Contains("32 groups", ex.Message, StringComparison.Ordinal);

        var badFusion = CodeFormerConfig.Released with { FusionResolutions = [16] };
        Assert.Throws<ArgumentException>(() => CodeFormerParameters.Specs(badFusion));

        var badHeads = CodeFormerConfig.Released with { TransformerHeads = 7 };
        Assert.Throws<ArgumentException>(() => CodeFormerParameters.Specs(badHeads));
    }

    [Fact]
    public void A_parameter_check_names_missing_extra_and_misshapen_tensors()
    {
        var specs = new[] { new ParameterSpec("a", [2]), new ParameterSpec("b", [2, 2]), new ParameterSpec("c", [1]) };
        var set = new ParameterSet();
        set.Add("a", new FloatTensor([1, 2], [2]));
        set.Add("b", new FloatTensor([1, 2, 3, 4, 5, 6], [2, 3]));
        set.Add("zzz", new FloatTensor([1], [1]));

        var check = set.CheckAgainst(specs);

        Assert.False(check.IsComplete);
        Assert.Equal(["c"], check.Missing.Select(m => m.Name));
        Assert.Equal(["zzz"], check.Extra);
        Assert.Equal("b: expected [2, 2], found [2, 3]", Assert.Single(check.WrongShape).ToString());
        Assert.Equal("1 missing (c); 1 with the wrong shape (b: expected [2, 2], found [2, 3]); 1 unexpected (zzz)", check.Describe());
        Assert.Throws<ParameterMismatchException>(check.ThrowIfIncomplete);
    }
}
