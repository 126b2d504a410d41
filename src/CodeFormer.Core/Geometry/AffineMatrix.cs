namespace CodeFormer.Core.Geometry;

/// <summary>
/// A 2×3 affine map [M00 M01 M02; M10 M11 M12] taking (x, y) to (M00·x + M01·y + M02, M10·x + M11·y + M12).
/// </summary>
public readonly record struct AffineMatrix(double M00, double M01, double M02, double M10, double M11, double M12)
{
    public static AffineMatrix Identity => new(1, 0, 0, 0, 1, 0);

    public double Determinant => (M00 * M11) - (M01 * M10);

    public Point2 Apply(Point2 p) => new((M00 * p.X) + (M01 * p.Y) + M02, (M10 * p.X) + (M11 * p.Y) + M12);

    /// <summary>The inverse map, computed as OpenCV's invertAffineTransform does (so pasted results match it).</summary>
    public AffineMatrix Invert()
    {
        double d = Determinant;
        if (d == 0 || !double.IsFinite(d))
        {
            throw new InvalidOperationException("The affine matrix is singular and cannot be inverted.");
        }

        d = 1.0 / d;
        double a11 = M11 * d, a22 = M00 * d, a12 = -M01 * d, a21 = -M10 * d;
        double b1 = (-a11 * M02) - (a12 * M12);
        double b2 = (-a21 * M02) - (a22 * M12);
        return new AffineMatrix(a11, a12, b1, a21, a22, b2);
    }

    /// <summary>Every coefficient times <paramref name="factor"/> (numpy's <c>matrix *= factor</c>).</summary>
    public AffineMatrix Scale(double factor) =>
        new(M00 * factor, M01 * factor, M02 * factor, M10 * factor, M11 * factor, M12 * factor);

    public AffineMatrix Translate(double dx, double dy) => this with { M02 = M02 + dx, M12 = M12 + dy };

    public double[][] ToRows() => [[M00, M01, M02], [M10, M11, M12]];

    public static AffineMatrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != 2 || rows[0].Count != 3 || rows[1].Count != 3)
        {
            throw new ArgumentException("An affine matrix needs 2 rows of 3 numbers.", nameof(rows));
        }

        return new(rows[0][0], rows[0][1], rows[0][2], rows[1][0], rows[1][1], rows[1][2]);
    }
}
