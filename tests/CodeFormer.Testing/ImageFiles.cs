using CodeFormer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CodeFormer.Testing;

/// <summary>Plain PNG/JPEG reading and writing for test fixtures, independent of the code under test.</summary>
public static class ImageFiles
{
    public static RgbImage ReadRgb(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var rgb = new RgbImage(image.Width, image.Height);
        image.CopyPixelDataTo(rgb.Pixels);
        return rgb;
    }

    public static void WritePng(RgbImage rgb, string path)
    {
        using var image = Image.LoadPixelData<Rgb24>(rgb.Pixels, rgb.Width, rgb.Height);
        image.SaveAsPng(path);
    }
}
