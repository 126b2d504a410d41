using Microsoft.Extensions.Hosting;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Opens the CodeFormer model while the host starts, in the hosts that restore (<c>serve</c>, the GPU app): a
/// missing or unusable model stops the host with one <see cref="ModelUnavailableException"/> instead of failing
/// every job's restore delivery.
/// </summary>
public sealed class RestorerWarmup(RestorerProvider restorers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => restorers.GetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
