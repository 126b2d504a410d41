using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CodeFormer.Functions;

/// <summary>
/// Runs an ASP.NET Core <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions ASP.NET Core
/// integration executes on the response (it executes action results, not minimal-API results).
/// </summary>
internal sealed class HttpResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
