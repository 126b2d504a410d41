using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>Every photo the project restores in its other tests decodes, as ImageSharp alone reads it: the
/// structure checks that refuse cut-off files must never refuse a whole one.</summary>
public sealed class SharedPhotoTests
{
    public static TheoryData<string> Photos()
    {
        var data = new TheoryData<string>();
        foreach (string folder in new[] { "whole", "aligned", "gray" })
        {
            foreach (string path in Directory.GetFiles(SharedData.File("faces", folder)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.Combine(folder, Path.GetFileName(path)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Shared_photo_decodes_to_the_pixels_imagesharp_reads(string relativePath)
    {
        string path = SharedData.File("faces", relativePath);

        DecodedImage image = new ImageDecoder().Decode(File.ReadAllBytes(path));

        Assert.Equal(ImageFiles.ReadRgb(path).Pixels, image.Rgb.Pixels);
    }
}
