using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using CodeFormer.Network.Onnx;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Core.Tests.Inference;

/// <summary>
/// Asking for CUDA where it cannot start (these tests run on the CPU-only native runtime) must still give a working
/// session, on the CPU, with the reason logged.
/// </summary>
public sealed class CudaFallbackTests
{
    [Fact]
    public void A_CUDA_request_without_a_usable_GPU_runs_on_the_CPU_and_says_why()
    {
        var logger = new RecordingLogger();

        using var restorer = new CodeFormerRestorer(ModelSource.FromBytes("identity", StandInModels.Identity().ToArray()), new InferenceOptions(ExecutionDevice.Cuda), logger: logger);

        Assert.Equal(ExecutionDevice.Cpu, restorer.Device);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("CUDA execution provider unavailable", warning.Message);
        Assert.Contains("running on CPU", warning.Message);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
