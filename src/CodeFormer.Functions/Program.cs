using CodeFormer.Backend;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    // The ASP.NET Core integration: the host forwards HTTP requests to the worker's own Kestrel, and the HTTP
    // functions take ASP.NET Core's HttpRequest and return its results (the handlers serve uses).
    .ConfigureFunctionsWebApplication()
    .ConfigureServices((context, services) =>
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddCodeFormerBackend(context.Configuration).AddCodeFormerServiceBus(context.Configuration);
    })
    .Build();

await host.RunAsync();
