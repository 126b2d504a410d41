using CodeFormer.Backend.Http;
using CodeFormer.Backend.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The single-machine backend behind <c>codeformer serve</c>: the restoration API on Kestrel (ASP.NET Core minimal
/// API, same routes and responses as the Function app, no key) over the in-process host.
/// </summary>
public static class LocalWebHost
{
    /// <param name="url">Where to listen, e.g. <c>http://127.0.0.1:7071</c> (port 0 picks a free one).</param>
    /// <param name="settings">Settings on top of the defaults (Azurite storage, CodeFormer__* values).</param>
    /// <param name="configureHost">Adjusts the in-process host (tests inject faults through it).</param>
    public static WebApplication Build(string url, IReadOnlyDictionary<string, string?> settings, Action<InProcessHostOptions>? configureHost = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [BackendServiceCollectionExtensions.StorageSetting] = "UseDevelopmentStorage=true" });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);
        // Uploads are size-checked by the API itself (413 problem+json), not by Kestrel.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        // The Azure SDK logs every storage request at Information, and each CreateIfNotExists that finds its
        // container as a 409 warning: keep errors only.
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.Services.AddCodeFormerBackend(builder.Configuration).AddCodeFormerInProcessHost(configureHost);

        var app = builder.Build();
        app.MapPost(RestorationApi.RoutePrefix, (HttpContext http, RestorationApi api) =>
            Respond(http, api.SubmitAsync(ToApiRequest(http.Request), http.RequestAborted)));
        app.MapGet(RestorationApi.RoutePrefix + "/{id}", (string id, HttpContext http, RestorationApi api) =>
            Respond(http, api.GetStatusAsync(id, http.RequestAborted)));
        app.MapGet(RestorationApi.RoutePrefix + "/{id}/result", (string id, HttpContext http, RestorationApi api) =>
            Respond(http, api.GetResultAsync(id, http.RequestAborted)));
        app.MapGet(OpenApiDocument.Route, (HttpContext http) => Respond(http, Task.FromResult(OpenApiDocument.Response())));
        app.MapGet("/{file?}", (string? file) => WebPage.Find(file) is { } page ? Results.Bytes(page.Content, page.ContentType) : Results.NotFound());
        return app;
    }

    private static ApiRequest ToApiRequest(HttpRequest request) => new(
        request.Body,
        request.ContentType,
        request.ContentLength,
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase));

    private static async Task Respond(HttpContext http, Task<ApiResponse> pending)
    {
        var response = await pending.ConfigureAwait(false);
        http.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            http.Response.ContentType = response.ContentType;
            await http.Response.Body.WriteAsync(response.Body.ToMemory(), http.RequestAborted).ConfigureAwait(false);
        }
        else if (response.BodyStream is { } stream)
        {
            await using (stream.ConfigureAwait(false))
            {
                http.Response.ContentType = response.ContentType;
                http.Response.ContentLength = response.BodyLength;
                await stream.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
