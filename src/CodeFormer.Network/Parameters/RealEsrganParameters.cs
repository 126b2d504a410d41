namespace CodeFormer.Network.Parameters;

/// <summary>
/// Every parameter tensor of Real-ESRGAN x2plus (RRDBNet: 64 features, 23 RRDBs of three dense blocks, growth 32,
/// 12 input channels after the ×2 pixel unshuffle), named and ordered as its state dictionary lists them.
/// </summary>
public static class RealEsrganParameters
{
    public const int Features = 64;
    public const int Blocks = 23;
    public const int Growth = 32;
    public const int UnshuffledChannels = 3 * RealEsrganSignature.Scale * RealEsrganSignature.Scale;

    public static IReadOnlyList<ParameterSpec> Specs()
    {
        var specs = new List<ParameterSpec>();
        void Conv(string name, int cin, int cout)
        {
            specs.Add(new ParameterSpec(name + ".weight", [cout, cin, 3, 3]));
            specs.Add(new ParameterSpec(name + ".bias", [cout]));
        }

        Conv("conv_first", UnshuffledChannels, Features);
        for (int b = 0; b < Blocks; b++)
        {
            for (int k = 1; k <= 3; k++)
            {
                for (int n = 1; n <= 5; n++)
                {
                    Conv($"body.{b}.rdb{k}.conv{n}", Features + ((n - 1) * Growth), n == 5 ? Features : Growth);
                }
            }
        }

        foreach (string name in new[] { "conv_body", "conv_up1", "conv_up2", "conv_hr" })
        {
            Conv(name, Features, Features);
        }

        Conv("conv_last", Features, 3);
        return specs;
    }
}
