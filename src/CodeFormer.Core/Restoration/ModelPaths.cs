namespace CodeFormer.Core.Restoration;

/// <summary>
/// Where hosts look for the CodeFormer ONNX model when none is named: <c>$CODEFORMER_MODEL</c>, else
/// <c>codeformer.onnx</c> in <c>$CODEFORMER_MODELS_DIR</c>, else in <c>~/.codeformer/models</c>
/// (where <c>codeformer models fetch</c> puts it).
/// </summary>
public static class ModelPaths
{
    public const string ModelFileName = "codeformer.onnx";

    public static string DefaultDirectory
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("CODEFORMER_MODELS_DIR");
            if (!string.IsNullOrWhiteSpace(dir))
            {
                return Path.GetFullPath(dir);
            }

            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codeformer", "models");
        }
    }

    public static string DefaultModel
    {
        get
        {
            string? file = Environment.GetEnvironmentVariable("CODEFORMER_MODEL");
            return !string.IsNullOrWhiteSpace(file) ? Path.GetFullPath(file) : Path.Combine(DefaultDirectory, ModelFileName);
        }
    }
}
