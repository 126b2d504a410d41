using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Onnx;

/// <summary>Runs a model with ONNX Runtime on CPU and copies every output out, for tests.</summary>
internal static class OrtRun
{
    public static InferenceSession Open(byte[] model, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = level, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(model, options);
    }

    public static InferenceSession Open(string modelPath)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(modelPath, options);
    }

    public static Dictionary<string, float[]> Run(InferenceSession session, params (string Name, OrtValue Value)[] feeds)
    {
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, feeds.Select(f => f.Name).ToArray(), feeds.Select(f => f.Value).ToArray(), session.OutputNames);
            var outputs = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < results.Count; i++)
            {
                outputs[session.OutputNames[i]] = results[i].GetTensorDataAsSpan<float>().ToArray();
            }

            return outputs;
        }
        finally
        {
            foreach (var feed in feeds)
            {
                feed.Value.Dispose();
            }
        }
    }

    public static OrtValue Floats(float[] values, params long[] shape) => OrtValue.CreateTensorValueFromMemory(values, shape);

    public static OrtValue Doubles(double[] values, params long[] shape) => OrtValue.CreateTensorValueFromMemory(values, shape);
}
