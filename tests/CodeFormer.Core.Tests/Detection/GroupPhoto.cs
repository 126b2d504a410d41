using CodeFormer.Core.Alignment;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// A synthetic group photo as a phone takes it: the shared aligned faces (whose eyes sit on the FFHQ template)
/// pasted at eye distances spread evenly over 10–60 px, one per cell of a grid at a random place inside it, on a
/// background made from a shared photo's colours (shrunk to 12 × 8 pixels, enlarged smoothly, with grain) so that
/// it holds no face of its own. Every face's eyes are known exactly.
/// </summary>
public sealed class GroupPhoto
{
    private GroupPhoto(RgbImage image, IReadOnlyList<ExpectedFace> faces)
    {
        Image = image;
        Faces = faces;
    }

    public RgbImage Image { get; }

    public IReadOnlyList<ExpectedFace> Faces { get; }

    public static GroupPhoto Create(int width, int height, int faceCount, int seed, double smallestEyeDistance = 10, double largestEyeDistance = 60)
    {
        var random = new Random(seed);
        var canvas = Background(width, height, random);
        var faces = Directory.GetFiles(SharedData.File("faces", "aligned"), "*.png").Order().Select(ImageFiles.ReadRgb).ToArray();
        var template = FfhqTemplate.For(LandmarkLayout.EyesNoseMouthCorners);
        double templateEyes = template[0].DistanceTo(template[1]);
        int columns = (int)Math.Ceiling(Math.Sqrt(faceCount * (double)width / height));
        int rows = (int)Math.Ceiling((double)faceCount / columns);
        int cellWidth = width / columns, cellHeight = height / rows;
        var cells = Enumerable.Range(0, columns * rows).OrderBy(_ => random.Next()).Take(faceCount).ToArray();
        var expected = new List<ExpectedFace>();
        for (int i = 0; i < faceCount; i++)
        {
            double eyes = faceCount == 1 ? smallestEyeDistance : smallestEyeDistance + ((largestEyeDistance - smallestEyeDistance) * i / (faceCount - 1));
            int side = (int)Math.Round(FfhqTemplate.CropSize * eyes / templateEyes);
            int cellLeft = cells[i] % columns * cellWidth, cellTop = cells[i] / columns * cellHeight;
            int left = cellLeft + random.Next(cellWidth - side), top = cellTop + random.Next(cellHeight - side);
            var face = DetectionImageResizer.Resize(faces[i % faces.Length], side, side);
            for (int y = 0; y < side; y++)
            {
                face.Row(y).CopyTo(canvas.Row(top + y).Slice(left * 3));
            }

            double scale = (double)side / FfhqTemplate.CropSize;
            Point2 Map(Point2 p) => new(left + ((p.X + 0.5) * scale) - 0.5, top + ((p.Y + 0.5) * scale) - 0.5);
            expected.Add(new ExpectedFace($"face {i} at ({left}, {top}), {eyes:F1} px between the eyes", Map(template[0]), Map(template[1])));
        }

        return new GroupPhoto(canvas, expected);
    }

    private static RgbImage Background(int width, int height, Random random)
    {
        var colours = DetectionImageResizer.Resize(WholePhotos.Read("03.jpg"), 12, 8);
        var canvas = DetectionImageResizer.Resize(colours, width, height);
        var grain = new byte[4096];
        random.NextBytes(grain);
        var pixels = canvas.Pixels.AsSpan();
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(pixels[i] + (grain[(i * 7) & 4095] >> 4) - 8, 0, 255);
        }

        return canvas;
    }
}
