using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// A synthetic group photo: the woman of 04.jpg (head and shoulders) pasted 24 times at random sizes and
/// places on a 1500 × 1000 gray canvas, so faces of 22–38 px between the eyes (14–24 px at the 640 detection
/// size) fall anywhere, across the tiles' edges included. Her eye positions are known from
/// <see cref="WholePhotos"/> and follow each paste exactly.
/// </summary>
public sealed class Crowd
{
    private const int CropLeft = 55, CropTop = 35, CropWidth = 110, CropHeight = 120;

    private Crowd(RgbImage image, IReadOnlyList<ExpectedFace> faces)
    {
        Image = image;
        Faces = faces;
    }

    public RgbImage Image { get; }

    public IReadOnlyList<ExpectedFace> Faces { get; }

    public static Crowd Create(int seed)
    {
        var photo = WholePhotos.Read("04.jpg");
        var woman = WholePhotos.Faces("04.jpg")[0];
        var crop = new RgbImage(CropWidth, CropHeight);
        for (int y = 0; y < CropHeight; y++)
        {
            photo.Row(CropTop + y).Slice(CropLeft * 3, CropWidth * 3).CopyTo(crop.Row(y));
        }

        var canvas = new RgbImage(1500, 1000);
        canvas.Pixels.AsSpan().Fill(90);
        var random = new Random(seed);
        var faces = new List<ExpectedFace>();
        const int cell = 250;
        for (int row = 0; row < 4; row++)
        {
            for (int column = 0; column < 6; column++)
            {
                int width = 120 + random.Next(81), height = (int)Math.Round(width * (double)CropHeight / CropWidth);
                int left = (column * cell) + random.Next(cell - width + 1), top = (row * cell) + random.Next(cell - height + 1);
                var pasted = DetectionImageResizer.Resize(crop, width, height);
                for (int y = 0; y < height; y++)
                {
                    pasted.Row(y).CopyTo(canvas.Row(top + y).Slice(left * 3));
                }

                double sx = (double)width / CropWidth, sy = (double)height / CropHeight;
                Point2 Map(Point2 p) => new(left + ((p.X + 0.5 - CropLeft) * sx) - 0.5, top + ((p.Y + 0.5 - CropTop) * sy) - 0.5);
                faces.Add(new ExpectedFace($"face {faces.Count} at ({left}, {top}), {width} px wide", Map(woman.LeftEye), Map(woman.RightEye)));
            }
        }

        return new Crowd(canvas, faces);
    }
}
