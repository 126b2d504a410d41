using CodeFormer.Backend.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Hosting;

public static class InProcessHostServiceCollectionExtensions
{
    /// <summary>Runs the stages in this process over in-memory queues (see <see cref="InProcessBackend"/>).</summary>
    public static IServiceCollection AddCodeFormerInProcessHost(this IServiceCollection services, Action<InProcessHostOptions>? configure = null)
    {
        var options = services.AddOptions<InProcessHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<InProcessBackend>();
        services.AddSingleton<IStageQueue>(sp => sp.GetRequiredService<InProcessBackend>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessBackend>());
        return services;
    }
}
