using System.Net;
using CodeFormer.Backend.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodeFormer.Functions;

/// <summary>The HTTP API for mobile apps (function-key auth); the logic is <see cref="RestorationApi"/>, shared with <c>codeformer serve</c>.</summary>
public sealed class RestorationFunctions(RestorationApi api)
{
    [Function("SubmitRestoration")]
    public async Task<HttpResponseData> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "restorations")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ToResponse(request, await api.SubmitAsync(ToApiRequest(request), request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    [Function("GetRestoration")]
    public async Task<HttpResponseData> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "restorations/{id}")] HttpRequestData request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ToResponse(request, await api.GetStatusAsync(id, request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    [Function("GetRestorationResult")]
    public async Task<HttpResponseData> Result(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "restorations/{id}/result")] HttpRequestData request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ToResponse(request, await api.GetResultAsync(id, request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    [Function("OpenApiDocument")]
    public Task<HttpResponseData> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequestData request) =>
        ToResponse(request, OpenApiDocument.Response());

    private static ApiRequest ToApiRequest(HttpRequestData request)
    {
        string? contentType = request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null;
        long? length = request.Headers.TryGetValues("Content-Length", out var lengths) && long.TryParse(lengths.FirstOrDefault(), out long l) ? l : null;
        var query = QueryHelpers.ParseQuery(request.Url.Query)
            .ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new ApiRequest(request.Body, contentType, length, query);
    }

    private static async Task<HttpResponseData> ToResponse(HttpRequestData request, ApiResponse api)
    {
        var response = request.CreateResponse((HttpStatusCode)api.StatusCode);
        foreach (var (name, value) in api.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (api.Body is not null)
        {
            response.Headers.Add("Content-Type", api.ContentType ?? "application/octet-stream");
            await response.Body.WriteAsync(api.Body.ToMemory(), request.FunctionContext.CancellationToken).ConfigureAwait(false);
        }
        else if (api.BodyStream is { } stream)
        {
            await using (stream.ConfigureAwait(false))
            {
                response.Headers.Add("Content-Type", api.ContentType ?? "application/octet-stream");
                await stream.CopyToAsync(response.Body, request.FunctionContext.CancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }
}
