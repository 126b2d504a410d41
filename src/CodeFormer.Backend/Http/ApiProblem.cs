using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CodeFormer.Backend.Http;

/// <summary>
/// RFC 9457 problem documents: the one shape every refusal and failure of the API takes, in both hosts.
/// <c>errors</c>, when present, maps each offending field to what is wrong with it.
/// </summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static IResult Create(int status, string title, string detail, IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var problem = new ProblemDetails { Type = "about:blank", Title = title, Status = status, Detail = detail };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        var result = TypedResults.Problem(problem);
        return headers is { Count: > 0 } ? new HeaderedResult(result, headers) : result;
    }

    /// <summary>Clips what a caller sent (a path, a field name, a parser's message about it) before it is quoted back.</summary>
    internal static string Quote(string? value, int maxLength = 100) =>
        value is null ? "" : value.Length <= maxLength ? value : value[..maxLength] + "…";
}
