using CodeFormer.Core.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;

namespace CodeFormer.Backend.Http;

/// <summary>
/// Where every request's failures become problem documents, in both hosts: the URL and header limits are checked
/// before any handler runs (414, 431), and an exception a handler lets out is mapped to its status — a body the
/// server could not read to its 4xx, an undecodable image to 415, anything else to a logged 500 whose detail never
/// repeats the exception.
/// </summary>
public static class ApiGuard
{
    /// <summary>The longest request target (path and query) the API reads.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) a request may carry.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int MaxHeaderCount = 100;

    /// <returns>The refusal to send, or null when <paramref name="handler"/> ran and wrote the response itself.</returns>
    public static async Task<IResult?> RunAsync(HttpContext context, Func<Task<IResult?>> handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handler);
        if (Oversized(context) is { } refusal)
        {
            return refusal;
        }

        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OutOfMemoryException)
        {
            return ToProblem(ex, context);
        }
    }

    /// <summary>Serve's outermost middleware: <see cref="RunAsync"/> around the rest of the pipeline.</summary>
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var refusal = await RunAsync(context, async () =>
        {
            await next(context).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static IResult ToProblem(Exception ex, HttpContext context)
    {
        switch (ex)
        {
            case BadHttpRequestException bad:
                // The server could not read the request: a body cut short, over the size limit, or too slow.
                return ApiProblem.Create(bad.StatusCode, bad.StatusCode == 413 ? "Request too large" : "Unreadable request", bad.Message);
            case ImageRejectedException rejected:
                return ApiProblem.Create(415, "Not an image", rejected.Message);
            case InvalidDataException or ImageFormatException:
                return ApiProblem.Create(415, "Not an image", "The body is not a readable image.");
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return ApiProblem.Create(StatusCodes.Status499ClientClosedRequest, "Request aborted", "The client closed the connection.");
            default:
                context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(ApiGuard))
                    .LogError(ex, "{Method} {Path} failed ({TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
                return ApiProblem.Create(500, "Internal error", $"The request failed on the server; it was logged as {context.TraceIdentifier}.");
        }
    }

    private static IResult? Oversized(HttpContext context)
    {
        var request = context.Request;
        string? rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        long target = string.IsNullOrEmpty(rawTarget)
            ? (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0)
            : rawTarget.Length;
        if (target > MaxTargetLength)
        {
            return ApiProblem.Create(414, "URI too long", $"The request target is {target} characters; the limit is {MaxTargetLength}.");
        }

        long headerBytes = 0;
        int headerCount = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (string? value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
                headerCount++;
            }
        }

        return headerBytes > MaxHeaderBytes || headerCount > MaxHeaderCount
            ? ApiProblem.Create(431, "Request headers too large", $"The request has {headerCount} header lines of {headerBytes} bytes; the limits are {MaxHeaderCount} lines and {MaxHeaderBytes} bytes.")
            : null;
    }
}
