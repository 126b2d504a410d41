using Microsoft.AspNetCore.Http;

namespace CodeFormer.Backend.Http;

/// <summary>A result with response headers of its own (Location, Retry-After, Allow) set before it is written.</summary>
internal sealed class HeaderedResult(IResult inner, IReadOnlyDictionary<string, string> headers) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return inner.ExecuteAsync(httpContext);
    }
}
