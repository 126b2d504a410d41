using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Video;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Video;

/// <summary>
/// Consecutive frames through detect → track → align → one batched network call → paste, with a network that
/// inverts faces, so every restored face is plain to see in the output frame.
/// </summary>
public sealed class VideoFrameRestorerTests : IDisposable
{
    private readonly IFaceDetector _detector = FaceDetectorFactory.Create(DetectorKind.BlazeFace);
    private readonly CodeFormerRestorer _restorer = new(ModelSource.FromBytes("invert", StandInModels.Invert().ToArray()), InferenceOptions.Default, new RestorerOptions(8));

    [Fact]
    public void Faces_of_several_frames_are_restored_in_one_batch_and_keep_their_tracks()
    {
        var photo = ImageFiles.ReadRgb(SharedData.File("faces", "whole", "00.jpg"));
        var blank = new RgbImage(photo.Width, photo.Height);
        Array.Fill(blank.Pixels, (byte)90);
        var restorer = new VideoFrameRestorer(_detector, _restorer, new RestoreOptions(0.5, upscale: 1), new FaceTracker(25, smooth: true));

        var batch = restorer.Restore([photo, photo.Clone(), blank, photo.Clone()]);

        Assert.Equal(4, batch.Frames.Count);
        Assert.Equal([4, 4, 0, 4], batch.Frames.Select(f => f.Faces.Count));
        var tracks = batch.Frames[0].Faces.Select(f => f.TrackId).Order().ToArray();
        Assert.Equal([0, 1, 2, 3], tracks);
        Assert.Equal(tracks, batch.Frames[1].Faces.Select(f => f.TrackId).Order());
        Assert.True(batch.Timings.InferMs > 0);

        var working = WorkingImage.From(photo, null);
        foreach (int i in new[] { 0, 1, 3 })
        {
            var frame = batch.Frames[i];
            Assert.Equal(working.Rgb.Width, frame.Image.Width);
            foreach (var face in frame.Faces)
            {
                var nose = face.Landmarks.Nose * working.Scale;
                double inverted = MeanDifference(frame.Image, working.Rgb, (int)nose.X, (int)nose.Y, invert: true);
                double unchanged = MeanDifference(frame.Image, working.Rgb, (int)nose.X, (int)nose.Y, invert: false);
                Assert.True(inverted < 10 && unchanged > 40, $"frame {i} track {face.TrackId}: {inverted:F1} from inverted, {unchanged:F1} from the input");
            }
        }

        // No face, nothing pasted: the frame comes back as it went in (enlarged like a photo to a 512 short side).
        Assert.Equal(WorkingImage.From(blank, null).Rgb.Pixels, batch.Frames[2].Image.Pixels);
    }

    /// <summary>Mean absolute difference over a 5×5 window, against the input or its inverse.</summary>
    private static double MeanDifference(RgbImage output, RgbImage input, int cx, int cy, bool invert)
    {
        double sum = 0;
        int n = 0;
        for (int y = cy - 2; y <= cy + 2; y++)
        {
            for (int x = cx - 2; x <= cx + 2; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * input.Stride) + (x * 3) + c;
                    int expected = invert ? 255 - input.Pixels[i] : input.Pixels[i];
                    sum += Math.Abs(output.Pixels[i] - expected);
                    n++;
                }
            }
        }

        return sum / n;
    }

    public void Dispose()
    {
        _detector.Dispose();
        _restorer.Dispose();
    }
}
