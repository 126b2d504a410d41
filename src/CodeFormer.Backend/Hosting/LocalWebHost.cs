using CodeFormer.Backend.Http;
using CodeFormer.Backend.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The single-machine backend behind <c>codeformer serve</c>: the restoration API on Kestrel (ASP.NET Core minimal
/// API over the same handlers, routes and responses as the Function app, no key) over the in-process host.
/// </summary>
public static class LocalWebHost
{
    /// <summary>
    /// Kestrel's own ceilings on the request line and headers, well above <see cref="ApiGuard"/>'s limits: a request
    /// between the two is refused by the API as problem+json (414, 431); only one past these gets Kestrel's bare
    /// status, which ASP.NET Core gives the app no way to shape.
    /// </summary>
    public const int KestrelHeaderCeiling = 256 * 1024;

    /// <param name="url">Where to listen, e.g. <c>http://127.0.0.1:7071</c> (port 0 picks a free one).</param>
    /// <param name="settings">Settings on top of the defaults (Azurite storage, CodeFormer__* values).</param>
    /// <param name="configureServices">Adds to or adjusts the services (tests set <see cref="InProcessHostOptions"/> and add observers through it).</param>
    public static WebApplication Build(string url, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [BackendServiceCollectionExtensions.StorageSetting] = "UseDevelopmentStorage=true" });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Uploads are size-checked by the API itself (413 problem+json), not by Kestrel.
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MaxRequestLineSize = KestrelHeaderCeiling;
            k.Limits.MaxRequestHeadersTotalSize = KestrelHeaderCeiling;
            k.Limits.MaxRequestHeaderCount = 1000;
        });
        builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        // The Azure SDK logs every storage request at Information, and each CreateIfNotExists that finds its
        // container as a 409 warning: keep errors only.
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.Services.AddProblemDetails();
        builder.Services.AddCodeFormerBackend(builder.Configuration).AddCodeFormerInProcessHost();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use(ApiGuard.Middleware);
        // A safety net: any error status that reaches the client with no body yet is given a problem document.
        app.UseStatusCodePages();
        app.UseRouting();
        app.MapPost(ApiRoutes.Submit, (HttpRequest request, RestorationApi api) => api.SubmitAsync(request));
        app.MapGet(ApiRoutes.Status, (string id, HttpContext http, RestorationApi api) => api.GetStatusAsync(id, http.RequestAborted));
        app.MapGet(ApiRoutes.Result, (string id, HttpContext http, RestorationApi api) => api.GetResultAsync(id, http.RequestAborted));
        app.MapGet(OpenApiDocument.Route, OpenApiDocument.Result);
        // The try-it page: its few files at fixed paths, so every other path still gets the API's 404.
        foreach (string file in WebPage.Files.Append(""))
        {
            var page = WebPage.Find(file)!.Value;
            app.MapGet("/" + file, () => Results.Bytes(page.Content, page.ContentType));
        }
        // Every path, file-like ones too (MapFallback's default pattern skips paths with an extension).
        app.MapFallback("{*path}", ApiRoutes.NoRoute);
        return app;
    }
}
