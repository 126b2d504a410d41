namespace CodeFormer.Core.Restoration;

/// <summary>
/// The models folder, where <c>codeformer models fetch</c> installs every network as <c>{name}.onnx</c> and where
/// restore, serve and bench look for them: <c>--models-dir</c> when a host passes one, else
/// <c>$CODEFORMER_MODELS</c> (or the older <c>$CODEFORMER_MODELS_DIR</c>), else <c>~/.codeformer/models</c>.
/// The CodeFormer model itself can also be named alone with <c>$CODEFORMER_MODEL</c>.
/// </summary>
public static class ModelPaths
{
    // The names CodeFormer.Network's NetworkCatalog installs under (a test keeps the two in step).
    public const string CodeFormer = "codeformer";
    public const string RetinaFaceResNet50 = "retinaface-resnet50";
    public const string RetinaFaceMobileNet025 = "retinaface-mobilenet0.25";
    public const string ParseNet = "parsenet";

    public const string ModelFileName = CodeFormer + ".onnx";

    public static string DefaultDirectory => Folder(null);

    public static string DefaultModel
    {
        get
        {
            string? file = Environment.GetEnvironmentVariable("CODEFORMER_MODEL");
            return !string.IsNullOrWhiteSpace(file) ? Path.GetFullPath(file) : Path.Combine(DefaultDirectory, ModelFileName);
        }
    }

    /// <summary>The models folder: <paramref name="overrideDirectory"/> (a host's <c>--models-dir</c>) when given, else the environment's or the default.</summary>
    public static string Folder(string? overrideDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        foreach (string variable in new[] { "CODEFORMER_MODELS", "CODEFORMER_MODELS_DIR" })
        {
            string? dir = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(dir))
            {
                return Path.GetFullPath(dir);
            }
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codeformer", "models");
    }

    /// <summary>Where the model named <paramref name="name"/> (e.g. <see cref="RetinaFaceResNet50"/>) is or would be installed.</summary>
    public static string For(string name, string? modelsDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.Combine(Folder(modelsDirectory), name + ".onnx");
    }

    /// <summary>The installed model named <paramref name="name"/>, or null when it is not installed.</summary>
    public static string? Find(string name, string? modelsDirectory = null)
    {
        string path = For(name, modelsDirectory);
        return File.Exists(path) ? path : null;
    }
}
