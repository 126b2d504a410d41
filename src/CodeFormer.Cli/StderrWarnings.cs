using Microsoft.Extensions.Logging;

namespace CodeFormer.Cli;

/// <summary>
/// The core's warnings (such as CUDA falling back to the CPU, with the reason) as plain `warning:` lines on stderr,
/// written at once: a CLI run can end before a queued console logger would flush.
/// </summary>
internal sealed class StderrWarnings : ILogger
{
    public static StderrWarnings Instance { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Console.Error.WriteLine($"warning: {formatter(state, exception)}");
        }
    }
}
