using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Alignment;

/// <summary>Similarity-aligns a face to the FFHQ template: the 512×512 crop and the matrix that made it.</summary>
public static class FaceAligner
{
    /// <summary>The official border colour for crop pixels outside the photo.</summary>
    public static Rgb24Color Border { get; } = new(132, 133, 135);

    public static AffineMatrix MatrixFor(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        return SimilarityTransform.Fit(landmarks.Points, FfhqTemplate.For(landmarks.Layout));
    }

    public static AlignedCrop Align(RgbImage image, FaceLandmarks landmarks)
    {
        var matrix = MatrixFor(landmarks);
        return new AlignedCrop(Crop(image, matrix), matrix);
    }

    public static RgbImage Crop(RgbImage image, AffineMatrix imageToCrop)
    {
        var crop = RgbImage.Uninitialized(FfhqTemplate.CropSize, FfhqTemplate.CropSize);
        PagePopulation.Populate(crop.Pixels);
        AffineWarp.Rgb(image, imageToCrop, crop, 0, 0, Border);
        return crop;
    }
}
