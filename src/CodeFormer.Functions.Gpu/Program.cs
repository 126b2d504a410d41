using CodeFormer.Backend;
using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) =>
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddCodeFormerBackend(context.Configuration).AddCodeFormerServiceBus(context.Configuration);
        // The model is opened before the worker takes messages: a missing or unusable one stops the app here.
        services.AddHostedService<RestorerWarmup>();
    })
    .Build();

try
{
    await host.RunAsync();
}
catch (ModelUnavailableException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

return 0;
