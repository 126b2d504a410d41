using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Inference;

/// <summary>An ONNX model to open: a file on disk or bytes in memory (an embedded resource).</summary>
public abstract record ModelSource(string Name)
{
    public static ModelSource FromFile(string path) => new FileModel(path);

    public static ModelSource FromBytes(string name, byte[] bytes) => new InMemoryModel(name, bytes);

    internal abstract InferenceSession Open(SessionOptions options);

    private sealed record FileModel(string Path) : ModelSource(System.IO.Path.GetFileName(Path))
    {
        internal override InferenceSession Open(SessionOptions options)
        {
            if (!File.Exists(Path))
            {
                throw new FileNotFoundException($"Model file not found: {Path}", Path);
            }

            return new InferenceSession(Path, options);
        }
    }

    private sealed record InMemoryModel(string ModelName, byte[] Bytes) : ModelSource(ModelName)
    {
        internal override InferenceSession Open(SessionOptions options) => new(Bytes, options);
    }
}
