using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>What alignment needs of any upright face's landmarks.</summary>
public static class LandmarkSanity
{
    public static void AssertUpright(DetectedFace face)
    {
        var lm = face.Landmarks;
        var eyes = Point2.Midpoint(lm.LeftEye, lm.RightEye);
        var mouth = lm.Layout == LandmarkLayout.EyesNoseMouthCorners ? Point2.Midpoint(lm.Points[3], lm.Points[4]) : lm.Points[3];
        Assert.True(lm.LeftEye.X < lm.RightEye.X, $"left eye {lm.LeftEye} is not left of right eye {lm.RightEye}");
        Assert.True(eyes.Y < lm.Nose.Y && lm.Nose.Y < mouth.Y, $"eyes {eyes}, nose {lm.Nose}, mouth {mouth} are not top to bottom");
        if (lm.Layout == LandmarkLayout.EyesNoseMouthCorners)
        {
            Assert.True(lm.Points[3].X < lm.Points[4].X, $"left mouth corner {lm.Points[3]} is not left of the right one {lm.Points[4]}");
        }

        foreach (var p in lm.Points)
        {
            // A little slack: the chin-to-brow box of a detector need not contain every landmark exactly.
            double slack = 0.1 * face.Box.Width;
            Assert.True(p.X >= face.Box.Left - slack && p.X <= face.Box.Right + slack && p.Y >= face.Box.Top - slack && p.Y <= face.Box.Bottom + slack,
                $"landmark {p} lies outside the box {face.Box}");
        }
    }
}
