using CodeFormer.Backend.Stages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The whole backend in one process, as a hosted service: runs the <see cref="InProcessQueues"/> (the same stage
/// handlers and dead-letter handling as the Function apps, over in-memory queues), polls the uploads with the
/// <see cref="UploadPoller"/> (the blob trigger's stand-in) and runs the <see cref="JobSweeper"/> on a timer (the
/// CPU app's timer trigger's stand-in). Storage is real: Azurite, Azure or a local folder.
/// </summary>
public sealed class InProcessBackend(InProcessQueues queues, UploadPoller poller, JobSweeper sweeper, IOptions<InProcessHostOptions> options, ILogger<InProcessBackend> logger)
    : BackgroundService
{
    private readonly InProcessHostOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consumers = queues.RunAsync(stoppingToken);
        var sweeps = SweepLoopAsync(stoppingToken);
        using var timer = new PeriodicTimer(_options.UploadPollInterval);
        try
        {
            do
            {
                try
                {
                    await poller.ScanAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(ex, "Listing the uploads failed; trying again at the next poll");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(consumers, sweeps).ConfigureAwait(false);
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The job sweep failed; trying again at the next one");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
