using Microsoft.AspNetCore.Http;

namespace CodeFormer.Backend.Http;

/// <summary>
/// The API's routes and the answer to a request none of them takes: 405 naming the allowed method when the path is
/// a route's, 404 otherwise, both as problem+json. Serve maps it as its fallback, the Function app as a catch-all
/// function, so neither host answers with a bare status.
/// </summary>
public static class ApiRoutes
{
    public const string Submit = RestorationApi.RoutePrefix;
    public const string Status = RestorationApi.RoutePrefix + "/{id}";
    public const string Result = RestorationApi.RoutePrefix + "/{id}/result";

    private static readonly (string Template, string Method)[] s_routes =
    [
        (Submit, HttpMethods.Post),
        (Status, HttpMethods.Get),
        (Result, HttpMethods.Get),
        (OpenApiDocument.Route, HttpMethods.Get),
    ];

    public static IResult NoRoute(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = request.Path.Value ?? "/";
        var allowed = s_routes.Where(r => Matches(r.Template, path)).Select(r => r.Method).ToArray();
        if (allowed.Length > 0)
        {
            string methods = string.Join(", ", allowed);
            return ApiProblem.Create(405, "Method not allowed", $"{ApiProblem.Quote(path)} answers {methods}, not {ApiProblem.Quote(request.Method)}.",
                headers: new Dictionary<string, string> { ["Allow"] = methods });
        }

        return ApiProblem.Create(404, "Not found", $"Nothing is at {ApiProblem.Quote(path)}; the API is described at {OpenApiDocument.Route}.");
    }

    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var actual = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return expected.Length == actual.Length && expected.Zip(actual).All(p =>
            p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
