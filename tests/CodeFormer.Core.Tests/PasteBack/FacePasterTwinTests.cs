using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Tests.Imaging;

namespace CodeFormer.Core.Tests.PasteBack;

/// <summary>
/// The fast paste (coverage mask, face warped only where the feather reaches, fused with the blend) against the
/// official steps done plainly: warp a plane of ones, erode, erode, blur, warp the whole face, blend every pixel.
/// Each kernel has its own twin; this checks how they are put together. Equality is exact.
/// </summary>
public sealed class FacePasterTwinTests
{
    [Theory]
    [InlineData(1, 0.0, false)]
    [InlineData(2, 0.35, false)]
    [InlineData(3, -1.1, false)]
    [InlineData(2, 0.8, true)]
    [InlineData(1, -0.2, true)]
    public void Paste_equals_the_plain_official_steps(int upscale, double angle, bool isGray)
    {
        var photo = new RgbImage(160, 120, BilinearResizeKernelTests.RandomBytes(160 * 120 * 3, seed: upscale));
        // Two overlapping faces, one partly off the photo, so blend order and clipping both matter.
        var faces = new[] { Face(photo, angle, 0.3, 70, 55, seed: 1), Face(photo, angle + 0.5, 0.2, 110, 30, seed: 2) };

        var fast = FacePaster.Paste(photo, null, faces, new PasteOptions(upscale, isGray));

        var expected = upscale == 1 ? photo.Clone() : BilinearResize.Resize(photo, photo.Width * upscale, photo.Height * upscale);
        foreach (var face in faces)
        {
            PastePlainly(expected, face, upscale, isGray);
        }

        Assert.Equal(expected.Pixels, fast.Rgb.Pixels);
    }

    [Theory]
    [InlineData(1, 0.0, false, 2_000)]
    [InlineData(2, 0.35, false, 5_000)]
    [InlineData(4, -1.1, false, 20_000)]
    [InlineData(3, 0.8, true, 9_000)]
    [InlineData(4, 0.2, false, 1)]
    public void Paste_in_strips_equals_the_whole_region_paste(int upscale, double angle, bool isGray, long stripPixels)
    {
        var photo = new RgbImage(160, 120, BilinearResizeKernelTests.RandomBytes(160 * 120 * 3, seed: upscale + 10));
        var faces = new[] { Face(photo, angle, 0.3, 70, 55, seed: 3), Face(photo, angle + 0.5, 0.2, 110, 30, seed: 4), Face(photo, -angle, 0.45, 20, 100, seed: 5) };
        var options = new PasteOptions(upscale, isGray, drawBox: true);

        var whole = FacePaster.Paste(photo, null, faces, options);
        var striped = FacePaster.Paste(photo, null, faces, options with { MaskStripPixels = stripPixels });

        Assert.Equal(whole.Rgb.Pixels, striped.Rgb.Pixels);
    }

    [Fact]
    public void Drawn_boxes_equal_the_plain_official_frame()
    {
        var photo = new RgbImage(160, 120, BilinearResizeKernelTests.RandomBytes(160 * 120 * 3, seed: 9));
        var faces = new[] { Face(photo, 0.3, 0.3, 70, 55, seed: 1), Face(photo, -0.4, 0.15, 120, 70, seed: 2) };

        var fast = FacePaster.Paste(photo, null, faces, new PasteOptions(2, drawBox: true));

        var expected = BilinearResize.Resize(photo, 320, 240);
        var areas = faces.Select(face => PastePlainly(expected, face, 2, isGray: false)).ToArray();
        for (int f = 0; f < faces.Length; f++)
        {
            int size = FfhqTemplate.CropSize;
            var cropToCanvas = FacePaster.CropToCanvas(faces[f].ImageToCrop, 2);
            var region = FaceRegion.For(cropToCanvas, 2, expected.Width, expected.Height);
            int border = (int)(1400 / Math.Sqrt(areas[f]));
            var frame = new float[size * size];
            for (int i = 0; i < frame.Length; i++)
            {
                int x = i % size, y = i / size;
                frame[i] = y >= border && y < size - border && x >= border && x < size - border ? 0f : 1f;
            }

            var warped = new float[region.Width * region.Height];
            AffineWarp.Plane(frame, size, size, cropToCanvas, warped, region.Width, region.Height, region.X, region.Y);
            byte[] green = [0, 255, 0];
            for (int i = 0; i < warped.Length; i++)
            {
                float m = warped[i];
                for (int c = 0; c < 3 && m != 0f; c++)
                {
                    int p = ((region.Y + (i / region.Width)) * expected.Stride) + ((region.X + (i % region.Width)) * 3) + c;
                    expected.Pixels[p] = unchecked((byte)(int)((m * green[c]) + ((1f - m) * expected.Pixels[p])));
                }
            }
        }

        Assert.Equal(expected.Pixels, fast.Rgb.Pixels);
    }

    private static PasteFace Face(RgbImage photo, double angle, double scale, double cx, double cy, int seed)
    {
        int size = FfhqTemplate.CropSize;
        // Image → crop: rotate and scale about the face centre, centre to the crop's middle.
        double a = Math.Cos(angle) / scale, b = Math.Sin(angle) / scale;
        var imageToCrop = new AffineMatrix(a, b, (size / 2.0) - (a * cx) - (b * cy), -b, a, (size / 2.0) + (b * cx) - (a * cy));
        var crop = FaceAligner.Crop(photo, imageToCrop);
        var restored = new RgbImage(size, size, BilinearResizeKernelTests.RandomBytes(size * size * 3, seed));
        return new PasteFace(imageToCrop, crop, restored);
    }

    private static double PastePlainly(RgbImage canvas, PasteFace face, int upscale, bool isGray)
    {
        int size = FfhqTemplate.CropSize;
        var cropToCanvas = FacePaster.CropToCanvas(face.ImageToCrop, upscale);
        var region = FaceRegion.For(cropToCanvas, upscale, canvas.Width, canvas.Height);
        var ones = Enumerable.Repeat(1f, size * size).ToArray();
        using var mask = new FloatPlane(region.Width, region.Height);
        AffineWarp.Plane(ones, size, size, cropToCanvas, mask.Buffer, region.Width, region.Height, region.X, region.Y);
        using var hard = Erosion.Square(mask, 2 * upscale);
        double area = 0;
        for (int i = 0; i < region.Width * region.Height; i++)
        {
            area += hard.Buffer[i];
        }

        int edge = (int)Math.Sqrt(area) / 20;
        using var centre = Erosion.Square(hard, edge == 0 ? 3 : 2 * edge);
        using var soft = GaussianBlur.Apply(centre, (2 * edge) + 1);
        var warped = new double[region.Width * region.Height * 3];
        if (isGray)
        {
            AffineWarp.Rgb(GrayscaleTransfer.Apply(face.Restored, face.Crop), size, size, cropToCanvas, warped, region.Width, region.Height, region.X, region.Y);
        }
        else
        {
            var bytes = new RgbImage(region.Width, region.Height);
            AffineWarp.Rgb(face.Restored, cropToCanvas, bytes, region.X, region.Y, new Rgb24Color(0, 0, 0));
            warped = bytes.Pixels.Select(b => (double)b).ToArray();
        }

        for (int y = 0; y < region.Height; y++)
        {
            for (int x = 0; x < region.Width; x++)
            {
                float s = soft.Buffer[(y * region.Width) + x];
                if (s == 0f)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    int i = ((region.Y + y) * canvas.Stride) + ((region.X + x) * 3) + c;
                    float h = hard.Buffer[(y * region.Width) + x];
                    double face01 = warped[(((y * region.Width) + x) * 3) + c];
                    // The colour path multiplies in float (8-bit face), the grayscale one in double, as the official code.
                    double value = isGray
                        ? (s * (h * face01)) + ((1f - s) * canvas.Pixels[i])
                        : (s * (h * (float)face01)) + ((1f - s) * canvas.Pixels[i]);
                    canvas.Pixels[i] = unchecked((byte)(int)value);
                }
            }
        }

        return area;
    }
}
