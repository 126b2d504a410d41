using Microsoft.AspNetCore.Http;

namespace CodeFormer.Backend.Http;

/// <summary>The API's OpenAPI 3 description (Http/openapi.json, embedded), served at <c>/api/openapi.json</c>.</summary>
public static class OpenApiDocument
{
    public const string Route = "/api/openapi.json";

    private static readonly Lazy<byte[]> s_json = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("CodeFormer.Backend.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IResult Result() => TypedResults.Bytes(s_json.Value, "application/json; charset=utf-8");
}
