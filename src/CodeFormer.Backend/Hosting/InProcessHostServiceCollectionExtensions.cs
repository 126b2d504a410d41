using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Hosting;

public static class InProcessHostServiceCollectionExtensions
{
    /// <summary>
    /// Runs the stages in this process over in-memory queues (see <see cref="InProcessBackend"/>), after opening the
    /// CodeFormer model at start-up (<see cref="RestorerWarmup"/>), so a missing or unusable model stops the host at once.
    /// </summary>
    public static IServiceCollection AddCodeFormerInProcessHost(this IServiceCollection services, Action<InProcessHostOptions>? configure = null)
    {
        var options = services.AddOptions<InProcessHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<InProcessQueues>();
        services.AddSingleton<IStageQueue>(sp => sp.GetRequiredService<InProcessQueues>());
        services.AddSingleton<UploadPoller>();
        services.AddSingleton<InProcessBackend>();
        services.AddHostedService<RestorerWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<InProcessBackend>());
        return services;
    }
}
