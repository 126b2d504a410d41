using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Parsing;

namespace CodeFormer.Network.Catalog;

/// <summary>
/// Every network <c>codeformer models fetch</c> and <c>codeformer convert</c> know: names, official URLs
/// (family/*/manifest.json), checkpoint layouts and licences, in one place.
/// </summary>
public static class NetworkCatalog
{
    public const string CodeFormerName = "codeformer";
    public const string RetinaFaceResNet50Name = "retinaface-resnet50";
    public const string RetinaFaceMobileNet025Name = "retinaface-mobilenet0.25";
    public const string ParseNetName = "parsenet";

    /// <summary><c>models fetch all</c>.</summary>
    public const string AllName = "all";

    private const string Release = "https://github.com/sczhou/CodeFormer/releases/download/v0.1.0/";
    private const string CodeFormerLicence = "S-Lab License 1.0 (non-commercial)";

    public static NetworkInfo CodeFormer { get; } = new(
        CodeFormerName, "CodeFormer", "face restoration (the restorer itself)", CodeFormerLicence,
        "codeformer.pth", Release + "codeformer.pth", TorchCheckpoint.CodeFormerKey, null,
        () => CodeFormerParameters.Specs(CodeFormerBuildOptions.Released.Config),
        (p, precision) => CodeFormerOnnxBuilder.Build(p, CodeFormerBuildOptions.Released with { Precision = precision }))
    {
        SupportsFloat16 = true,
    };

    // The ResNet-50 file was saved from a DataParallel wrapper ("module." on every key); the official loader strips a
    // leading "module." wherever present, for both detectors, so both accept either form.
    public static NetworkInfo RetinaFaceResNet50 { get; } = new(
        RetinaFaceResNet50Name, "RetinaFace ResNet-50", "face detection, five landmarks (the official default detector)",
        "MIT (Pytorch_Retinaface weights, redistributed by facexlib and the CodeFormer release)",
        "detection_Resnet50_Final.pth", Release + "detection_Resnet50_Final.pth", null, "module.",
        () => RetinaFaceParameters.Specs(RetinaFaceBackbone.ResNet50),
        (p, _) => RetinaFaceOnnxBuilder.Build(p, RetinaFaceBackbone.ResNet50));

    public static NetworkInfo RetinaFaceMobileNet025 { get; } = new(
        RetinaFaceMobileNet025Name, "RetinaFace MobileNet-0.25", "face detection, five landmarks (the small official option)",
        "MIT (Pytorch_Retinaface weights, redistributed by facexlib and the CodeFormer release)",
        "detection_mobilenet0.25_Final.pth", Release + "detection_mobilenet0.25_Final.pth", null, "module.",
        () => RetinaFaceParameters.Specs(RetinaFaceBackbone.MobileNet025),
        (p, _) => RetinaFaceOnnxBuilder.Build(p, RetinaFaceBackbone.MobileNet025));

    // The official parsing loader passes the file straight to load_state_dict(strict=True): no prefix is stripped.
    public static NetworkInfo ParseNet { get; } = new(
        ParseNetName, "ParseNet", "face parsing for the paste-back mask (use_parse, on by default officially)",
        CodeFormerLicence + "; the network is PSFRGAN's, the file CodeFormer's release",
        "parsing_parsenet.pth", Release + "parsing_parsenet.pth", null, null,
        ParseNetParameters.Specs,
        (p, _) => ParseNetOnnxBuilder.Build(p));

    public static IReadOnlyList<NetworkInfo> All { get; } = [CodeFormer, RetinaFaceResNet50, RetinaFaceMobileNet025, ParseNet];

    /// <summary>A network by its name, case-insensitively; the official code's names (<c>retinaface_resnet50</c>, <c>retinaface_mobile0.25</c>) work too.</summary>
    public static NetworkInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string normalised = name.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "retinaface-mobile0.25" => RetinaFaceMobileNet025Name,
            var other => other,
        };
        return All.FirstOrDefault(n => n.Name == normalised);
    }

    public static string Names => string.Join(", ", All.Select(n => n.Name));

    /// <summary>
    /// The network a checkpoint holds, judged by its tensor names: the one whose expected names it matches best
    /// (names it has that the network expects, minus names it has that the network does not). Works for partial
    /// files too, as long as one network explains them better than every other.
    /// </summary>
    /// <exception cref="CheckpointFormatException">No network, or more than one equally, fits the names.</exception>
    public static NetworkInfo Recognise(CheckpointLayout layout, string fileName)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var scored = All
            .Select(network =>
            {
                var names = network.CheckpointKey is null ? layout.TopLevel : layout.Nested.GetValueOrDefault(network.CheckpointKey, []);
                var expected = network.Specs().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
                var stripped = names.Select(n => network.StrippedPrefix is not null && n.StartsWith(network.StrippedPrefix, StringComparison.Ordinal) ? n[network.StrippedPrefix.Length..] : n).ToList();
                int matched = stripped.Count(expected.Contains);
                return (Network: network, Score: matched - (stripped.Count - matched), Matched: matched);
            })
            .Where(s => s.Matched > 0)
            .OrderByDescending(s => s.Score)
            .ToList();

        if (scored.Count == 0 || scored[0].Score <= 0)
        {
            throw new CheckpointFormatException($"{fileName} holds no tensor names of a known network ({Names}); name it with --network.");
        }

        if (scored.Count > 1 && scored[1].Score == scored[0].Score)
        {
            throw new CheckpointFormatException($"{fileName} fits {scored[0].Network.Name} and {scored[1].Network.Name} equally well; name it with --network.");
        }

        return scored[0].Network;
    }
}
