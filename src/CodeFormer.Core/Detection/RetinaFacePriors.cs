namespace CodeFormer.Core.Detection;

/// <summary>
/// RetinaFace's prior boxes for a detector input of H × W: per level (steps 8, 16, 32; min sizes (16, 32),
/// (64, 128), (256, 512)) ceil(H/step) × ceil(W/step) cells, each with its two priors, smaller first, in the
/// order of the network's output rows. Each prior is (cx, cy, sx, sy) in units of W and H, computed in double and
/// stored as float32 as the official PriorBox does; no clipping.
/// </summary>
public sealed class RetinaFacePriors
{
    public const int AnchorsPerCell = 2;

    private static readonly int[] s_steps = [8, 16, 32];
    private static readonly int[][] s_minSizes = [[16, 32], [64, 128], [256, 512]];

    private RetinaFacePriors(int width, int height, float[] values)
    {
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }

    public int Height { get; }

    public int Count => Values.Length / 4;

    /// <summary>cx, cy, sx, sy per prior.</summary>
    public float[] Values { get; }

    /// <summary>The number of priors (network output rows) for an input of this size.</summary>
    public static int CountFor(int width, int height)
    {
        int count = 0;
        foreach (int step in s_steps)
        {
            count += Cells(height, step) * Cells(width, step) * AnchorsPerCell;
        }

        return count;
    }

    public static RetinaFacePriors For(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var values = new float[CountFor(width, height) * 4];
        int p = 0;
        for (int level = 0; level < s_steps.Length; level++)
        {
            int step = s_steps[level], rows = Cells(height, step), cols = Cells(width, step);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    foreach (int minSize in s_minSizes[level])
                    {
                        values[p++] = (float)((j + 0.5) * step / width);
                        values[p++] = (float)((i + 0.5) * step / height);
                        values[p++] = (float)((double)minSize / width);
                        values[p++] = (float)((double)minSize / height);
                    }
                }
            }
        }

        return new RetinaFacePriors(width, height, values);
    }

    private static int Cells(int side, int step) => (side + step - 1) / step;
}
