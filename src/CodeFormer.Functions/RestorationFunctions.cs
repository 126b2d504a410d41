using CodeFormer.Backend.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>
/// The HTTP API for mobile apps (function-key auth) on the Functions ASP.NET Core integration: each function hands
/// its HttpRequest to the handlers <c>codeformer serve</c> maps (<see cref="RestorationApi"/>, <see cref="ApiRoutes"/>),
/// inside the same <see cref="ApiGuard"/>, and returns their result.
/// </summary>
public sealed class RestorationFunctions(RestorationApi api)
{
    [Function("SubmitRestoration")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "restorations")] HttpRequest request) =>
        RespondAsync(request, () => api.SubmitAsync(request));

    [Function("GetRestoration")]
    public Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "restorations/{id}")] HttpRequest request,
        string id) =>
        RespondAsync(request, () => api.GetStatusAsync(id, request.HttpContext.RequestAborted));

    [Function("GetRestorationResult")]
    public Task<IActionResult> Result(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "restorations/{id}/result")] HttpRequest request,
        string id) =>
        RespondAsync(request, () => api.GetResultAsync(id, request.HttpContext.RequestAborted));

    [Function("OpenApiDocument")]
    public Task<IActionResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        RespondAsync(request, () => Task.FromResult(OpenApiDocument.Result()));

    /// <summary>
    /// Every other path under /api and every other method on the API's paths: 404 or 405 as problem+json instead of
    /// the host's bare status. Anonymous, so a caller without a key learns no more than the OpenAPI document says.
    /// </summary>
    [Function("NoRoute")]
    public Task<IActionResult> NoRoute(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request) =>
        RespondAsync(request, () => Task.FromResult(ApiRoutes.NoRoute(request)));

    private static async Task<IActionResult> RespondAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await ApiGuard.RunAsync(request.HttpContext, async () => await handler().ConfigureAwait(false)).ConfigureAwait(false);
        return new HttpResultAction(result!);
    }
}
