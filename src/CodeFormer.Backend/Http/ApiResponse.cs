using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeFormer.Backend.Http;

/// <summary>
/// An HTTP response as the API logic produces it; each host copies it onto its own response type. The body is either
/// <see cref="Body"/> (bytes in memory) or <see cref="BodyStream"/> (copied to the client, then disposed by the host).
/// </summary>
public sealed record ApiResponse(int StatusCode, string? ContentType, BinaryData? Body, IReadOnlyDictionary<string, string> Headers)
{
    public const string ProblemContentType = "application/problem+json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly IReadOnlyDictionary<string, string> s_noHeaders = new Dictionary<string, string>();

    public static ApiResponse JsonBody(int statusCode, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, "application/json; charset=utf-8", BinaryData.FromObjectAsJson(body, Json), headers ?? s_noHeaders);

    /// <summary>An RFC 9457 problem document.</summary>
    public static ApiResponse Problem(int statusCode, string title, string detail, IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var problem = new ProblemDetails("about:blank", title, statusCode, detail, errors is { Count: > 0 } ? errors : null);
        return new(statusCode, ProblemContentType, BinaryData.FromObjectAsJson(problem, Json), headers ?? s_noHeaders);
    }

    public static ApiResponse Redirect(Uri location) =>
        new(302, null, null, new Dictionary<string, string> { ["Location"] = location.AbsoluteUri, ["Cache-Control"] = "no-store" });

    public Stream? BodyStream { get; init; }

    /// <summary>The length of <see cref="BodyStream"/>, when known.</summary>
    public long? BodyLength { get; init; }

    public static ApiResponse Content(string contentType, BinaryData body) => new(200, contentType, body, s_noHeaders);

    /// <summary>A 200 whose body is copied from <paramref name="body"/>, which the host disposes afterwards.</summary>
    public static ApiResponse Streamed(string contentType, Stream body, long length) =>
        new(200, contentType, null, s_noHeaders) { BodyStream = body, BodyLength = length };

    private sealed record ProblemDetails(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string>? Errors);
}
