using CodeFormer.Core.Imaging;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// Damage anywhere in a real file ends in an image or an <see cref="ImageRejectedException"/>, never in another
/// exception: seeded random byte changes over every accepted hostile file reach parser paths no hand-made case does.
/// </summary>
public sealed class CorruptionTests(ITestOutputHelper output)
{
    private const int MutantsPerFile = 40;

    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string> OkFiles => HostileFiles.WithExpectation("ok");

    [Theory]
    [MemberData(nameof(OkFiles))]
    public void Damaged_file_decodes_or_is_refused_with_a_type(string file)
    {
        byte[] original = HostileFiles.Read(file);
        var random = new Random(file.Sum(c => c)); // a stable seed: string hashes change with every process
        int refused = 0;
        for (int mutant = 0; mutant < MutantsPerFile; mutant++)
        {
            byte[] damaged = (byte[])original.Clone();
            int changes = 1 + random.Next(8);
            for (int i = 0; i < changes; i++)
            {
                // Headers are where parsers trust lengths and sizes; damage them as often as the body.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(512, damaged.Length)) : random.Next(damaged.Length);
                damaged[at] = (byte)random.Next(256);
            }

            try
            {
                DecodedImage image = _decoder.Decode(damaged);
                Assert.True(image.Width > 0 && image.Height > 0);
            }
            catch (ImageRejectedException refusal)
            {
                Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
                refused++;
            }
        }

        output.WriteLine($"{file}: {refused} of {MutantsPerFile} damaged copies refused, the rest decoded");
    }
}
