using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Inference;

/// <summary>Creates ONNX Runtime sessions on the requested device, falling back to CPU when CUDA cannot start.</summary>
public static class OnnxSessionFactory
{
    /// <summary>Opens a session on a model file or on model bytes (exactly one of them).</summary>
    public static OnnxSession Create(ModelSource source, InferenceOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;

        if (options.Device == ExecutionDevice.Cuda)
        {
            var cudaOptions = BaseOptions(options);
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = source.Open(cudaOptions);
                return new OnnxSession(session, ExecutionDevice.Cuda, cudaOptions);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                cudaOptions.Dispose();
                logger.LogWarning("CUDA execution provider unavailable for {Model}, running on CPU instead: {Reason}", source.Name, ex.Message);
            }
        }

        var cpuOptions = BaseOptions(options);
        try
        {
            return new OnnxSession(source.Open(cpuOptions), ExecutionDevice.Cpu, cpuOptions);
        }
        catch
        {
            cpuOptions.Dispose();
            throw;
        }
    }

    private static SessionOptions BaseOptions(InferenceOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (options.IntraOpThreads > 0)
        {
            so.IntraOpNumThreads = options.IntraOpThreads;
        }

        return so;
    }
}
