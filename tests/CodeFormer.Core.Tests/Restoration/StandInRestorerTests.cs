using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Restoration;

/// <summary>Restorer mechanics (tensor conversions, batching, padding) with models whose output is known exactly.</summary>
public sealed class StandInRestorerTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(8, 5)]
    public void An_identity_network_returns_every_face_unchanged_whatever_the_batch(int maxBatch, int faces)
    {
        using var restorer = new CodeFormerRestorer(ModelSource.FromBytes("identity", StandInModels.Identity().ToArray()), InferenceOptions.Default, new RestorerOptions(maxBatch));
        Assert.True(restorer.Signature.DynamicBatch);
        var crops = Enumerable.Range(0, faces).Select(AlignedFace).ToArray();

        var restored = restorer.Restore(crops, 0.5);

        Assert.Equal(faces, restored.Count);
        for (int i = 0; i < faces; i++)
        {
            Assert.Equal(crops[i].Pixels, restored[i].Pixels);
        }
    }

    [Fact]
    public void An_inverting_network_gives_255_minus_each_pixel()
    {
        using var restorer = new CodeFormerRestorer(ModelSource.FromBytes("invert", StandInModels.Invert().ToArray()), InferenceOptions.Default);
        var crop = AlignedFace(0);

        var restored = restorer.Restore([crop], 0.7).Single();

        Assert.Equal(crop.Pixels.Select(p => (byte)(255 - p)), restored.Pixels);
    }

    [Fact]
    public void Every_8_bit_value_survives_the_tensor_round_trip()
    {
        var face = new RgbImage(512, 512);
        for (int i = 0; i < face.Pixels.Length; i++)
        {
            face.Pixels[i] = (byte)(i % 256);
        }

        var tensor = new float[FaceTensor.FaceLength];
        FaceTensor.Write(face, tensor);

        Assert.Equal(face.Pixels, FaceTensor.Read(tensor).Pixels);
        Assert.Equal(-1f, tensor[0]);
        Assert.Equal(1f, tensor[85]); // pixel 85 has red 3·85 = 255
    }

    private static RgbImage AlignedFace(int index)
    {
        string[] files = Directory.GetFiles(SharedData.File("faces", "aligned"), "*.png").Order().ToArray();
        return ImageFiles.ReadRgb(files[index % files.Length]);
    }
}
