namespace CodeFormer.Core.Detection;

/// <summary>
/// One row of the official <c>detect_faces</c> result, float32 as there: x1, y1, x2, y2, score, then the five
/// landmarks' x, y (eyes image-left first, nose, mouth corners image-left first); <see cref="Prior"/> is the
/// network output row it was decoded from.
/// </summary>
public sealed record RetinaFaceRow(int Prior, float[] Values)
{
    public const int Length = 15;

    public float X1 => Values[0];

    public float Y1 => Values[1];

    public float X2 => Values[2];

    public float Y2 => Values[3];

    public float Score => Values[4];
}
