using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// A face crossing a tile edge that lies inside the photo is seen whole by a neighbouring tile; its cut version
/// would skew the merged box and landmarks, so it is dropped. Detectors box what they see of a cut face, so a box
/// ending within <see cref="Margin"/> of its size before such an edge counts as cut.
/// </summary>
public static class CutFaces
{
    /// <summary>How near (as a fraction of its box) a face may come to a tile's inner edge and still count as whole.</summary>
    public const double Margin = 0.1;

    /// <summary>Removes, from index <paramref name="from"/> on, the faces cut by an edge of the window that lies inside the image.</summary>
    public static void Drop(List<DetectedFace> faces, int from, double left, double top, double right, double bottom, int width, int height)
    {
        bool openLeft = left > 0, openTop = top > 0, openRight = right < width, openBottom = bottom < height;
        for (int i = faces.Count - 1; i >= from; i--)
        {
            var box = faces[i].Box;
            double margin = Margin * Math.Max(box.Width, box.Height);
            if ((openLeft && box.Left - margin < left) || (openTop && box.Top - margin < top)
                || (openRight && box.Right + margin > right) || (openBottom && box.Bottom + margin > bottom))
            {
                faces.RemoveAt(i);
            }
        }
    }

    /// <summary>Removes, from index <paramref name="from"/> on, the faces whose box is larger than <paramref name="largest"/> pixels: a coarser pass owns them.</summary>
    public static void DropLargerThan(List<DetectedFace> faces, int from, double largest)
    {
        for (int i = faces.Count - 1; i >= from; i--)
        {
            if (Math.Max(faces[i].Box.Width, faces[i].Box.Height) > largest)
            {
                faces.RemoveAt(i);
            }
        }
    }
}
