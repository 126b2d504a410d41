using CodeFormer.Core.Restoration;
using CodeFormer.Network.Catalog;

namespace CodeFormer.Network.Tests.Families;

/// <summary>The catalogue's names and URLs are the manifests' and the names the hosts look for.</summary>
public sealed class NetworkCatalogTests
{
    [Theory]
    [InlineData("retinaface_resnet50", NetworkCatalog.RetinaFaceResNet50Name)]
    [InlineData("retinaface_mobilenet0.25", NetworkCatalog.RetinaFaceMobileNet025Name)]
    [InlineData("parsenet", NetworkCatalog.ParseNetName)]
    public void Urls_files_and_prefixes_are_the_manifests(string folder, string name)
    {
        var reference = new FamilyReference(folder);
        var network = NetworkCatalog.Find(name)!;
        Assert.Equal(reference.ManifestString("url"), network.Url);
        Assert.Equal(reference.ManifestString("file"), network.CheckpointFileName);
        Assert.Null(network.CheckpointKey);
    }

    [Fact]
    public void The_hosts_look_for_the_catalogue_s_names()
    {
        Assert.Equal(
            [NetworkCatalog.CodeFormerName, NetworkCatalog.RetinaFaceResNet50Name, NetworkCatalog.RetinaFaceMobileNet025Name, NetworkCatalog.ParseNetName],
            [ModelPaths.CodeFormer, ModelPaths.RetinaFaceResNet50, ModelPaths.RetinaFaceMobileNet025, ModelPaths.ParseNet]);
        Assert.Equal(NetworkCatalog.All.Select(n => n.Name), [ModelPaths.CodeFormer, ModelPaths.RetinaFaceResNet50, ModelPaths.RetinaFaceMobileNet025, ModelPaths.ParseNet]);
    }

    [Fact]
    public void The_official_code_names_find_the_same_networks()
    {
        Assert.Equal(NetworkCatalog.RetinaFaceMobileNet025, NetworkCatalog.Find("retinaface_mobile0.25"));
        Assert.Equal(NetworkCatalog.RetinaFaceResNet50, NetworkCatalog.Find("RetinaFace_ResNet50"));
        Assert.Null(NetworkCatalog.Find("yolo"));
    }

    [Fact]
    public void The_models_folder_is_the_override_then_the_default_and_holds_name_dot_onnx()
    {
        string folder = Path.Combine(Path.GetTempPath(), "some-models");
        Assert.Equal(Path.Combine(folder, "parsenet.onnx"), ModelPaths.For(ModelPaths.ParseNet, folder));
        Assert.Null(ModelPaths.Find(ModelPaths.ParseNet, folder));
        Assert.Equal(Path.Combine(ModelPaths.DefaultDirectory, "retinaface-resnet50.onnx"), ModelPaths.For(ModelPaths.RetinaFaceResNet50));
    }
}
