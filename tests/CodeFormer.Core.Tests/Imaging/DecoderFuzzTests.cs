using CodeFormer.Core.Imaging;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// Bounded, seeded fuzzing of the two entry points that see untrusted bytes, <see cref="ImageDecoder.Inspect"/> and
/// <see cref="ImageDecoder.Decode"/>: mutated, cut and spliced copies of the shared photos and every hostile file,
/// and short JPEG headers (ImageSharp's own identify throws NullReferenceException on some 11-byte ones). Only an
/// image or an <see cref="ImageRejectedException"/> may come out.
/// </summary>
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int MutantsPerFile = 60;

    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string> Seeds()
    {
        var files = new TheoryData<string>();
        foreach (string photo in Directory.GetFiles(SharedData.File("faces", "whole")).Order(StringComparer.Ordinal))
        {
            files.Add(photo);
        }

        foreach (string file in HostileFiles.Expectations().Keys.Order(StringComparer.Ordinal))
        {
            files.Add(HostileFiles.PathOf(file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_cut_and_spliced_files_decode_or_are_refused_with_the_type(string path)
    {
        byte[] original = File.ReadAllBytes(path);
        var random = new Random(Path.GetFileName(path).Sum(c => c));
        int refusedAtInspection = 0, refusedAtDecode = 0, decoded = 0;
        for (int mutant = 0; mutant < MutantsPerFile; mutant++)
        {
            byte[] damaged = Mutate(original, random);
            try
            {
                _decoder.Inspect(damaged);
            }
            catch (ImageRejectedException)
            {
                refusedAtInspection++;
                // The stage decode is the backstop and must refuse the same way (never anything else).
                AssertDecodesOrRefuses(damaged, path, mutant);
                continue;
            }

            if (AssertDecodesOrRefuses(damaged, path, mutant))
            {
                decoded++;
            }
            else
            {
                refusedAtDecode++;
            }
        }

        output.WriteLine($"{Path.GetFileName(path)}: {refusedAtInspection} refused at inspection, {refusedAtDecode} at decode, {decoded} decoded");
    }

    [Fact]
    public void The_11_byte_header_imagesharp_throws_null_reference_on_is_refused_with_the_type()
    {
        byte[] header = Convert.FromHexString("FFD8FFD900000000000000");
        Assert.Throws<NullReferenceException>(() => SixLabors.ImageSharp.Image.Identify(header));
        Assert.Throws<ImageRejectedException>(() => _decoder.Inspect(header));
        Assert.Throws<ImageRejectedException>(() => _decoder.Decode(header));
    }

    [Fact]
    public void Short_jpeg_headers_are_refused_with_the_type()
    {
        var random = new Random(11);
        byte[][] prefixes = Directory.GetFiles(SharedData.File("faces", "whole")).Select(File.ReadAllBytes).ToArray();
        for (int i = 0; i < 3000; i++)
        {
            int length = 4 + random.Next(20);
            byte[] header = new byte[length];
            if (i % 2 == 0)
            {
                random.NextBytes(header);
            }
            else
            {
                // A real file's first bytes with one changed: right markers, wrong lengths.
                prefixes[i % prefixes.Length].AsSpan(0, length).CopyTo(header);
                header[2 + random.Next(length - 2)] = (byte)random.Next(256);
            }

            header[0] = 0xFF;
            header[1] = 0xD8;
            header[2] = 0xFF;
            var inspection = Record.Exception(() => _decoder.Inspect(header));
            Assert.True(inspection is ImageRejectedException, $"{Convert.ToHexString(header)}: {inspection?.GetType().Name ?? "accepted"} {inspection?.Message}");
        }
    }

    private bool AssertDecodesOrRefuses(byte[] data, string path, int mutant)
    {
        try
        {
            var image = _decoder.Decode(data);
            Assert.True(image.Width > 0 && image.Height > 0);
            return true;
        }
        catch (ImageRejectedException refusal)
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
            return false;
        }
        catch (Exception other)
        {
            Assert.Fail($"{Path.GetFileName(path)} mutant {mutant}: {other.GetType().Name} escaped: {other.Message}");
            return false;
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        if (original.Length == 0)
        {
            byte[] noise = new byte[random.Next(1, 64)];
            random.NextBytes(noise);
            return noise;
        }

        switch (random.Next(4))
        {
            case 0: // a cut
                return original[..random.Next(1, original.Length)];
            case 1: // a block repeated (lengths now disagree with contents)
            {
                int from = random.Next(original.Length), length = random.Next(1, Math.Min(256, original.Length - from) + 1);
                int at = random.Next(original.Length);
                return [.. original[..at], .. original.AsSpan(from, length), .. original[at..]];
            }

            default: // bytes changed, headers as often as the body
            {
                byte[] damaged = (byte[])original.Clone();
                for (int i = 0, changes = 1 + random.Next(8); i < changes; i++)
                {
                    int at = random.Next(2) == 0 ? random.Next(Math.Min(512, damaged.Length)) : random.Next(damaged.Length);
                    damaged[at] = (byte)random.Next(256);
                }

                return damaged;
            }
        }
    }
}
