namespace CodeFormer.Backend.Http;

/// <summary>The API's OpenAPI 3 description (Http/openapi.json, embedded), served at <c>/api/openapi.json</c>.</summary>
public static class OpenApiDocument
{
    public const string Route = "/api/openapi.json";

    private static readonly Lazy<BinaryData> s_json = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("CodeFormer.Backend.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the assembly.");
        return BinaryData.FromStream(stream);
    });

    public static BinaryData Json => s_json.Value;

    public static ApiResponse Response() => ApiResponse.Content("application/json; charset=utf-8", Json);
}
