using System.Text.Json;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Cli.Restore;

/// <summary>
/// Faces given by the caller: a JSON array of faces, each five [x, y] points in input pixels in the official
/// order (left eye, right eye, nose tip, left mouth corner, right mouth corner; image-left first).
/// </summary>
internal static class LandmarksFile
{
    public static IReadOnlyList<FaceLandmarks> Read(string path)
    {
        double[][][]? faces;
        try
        {
            faces = JsonSerializer.Deserialize<double[][][]>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not a JSON array of faces of five [x, y] points ({ex.Message}).", ex);
        }

        if (faces is null)
        {
            throw new FormatException($"{path}: expected a JSON array of faces.");
        }

        return faces.Select((face, i) =>
        {
            if (face is null || face.Length != 5 || face.Any(p => p is null || p.Length != 2))
            {
                throw new FormatException($"{path}: face {i} must have exactly five [x, y] points.");
            }

            try
            {
                return new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, face.Select(p => new Point2(p[0], p[1])).ToArray());
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"{path}: face {i}: {ex.Message}", ex);
            }
        }).ToArray();
    }
}
