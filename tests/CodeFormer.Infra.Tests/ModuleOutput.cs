using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// An output of another module that a value is wired to, e.g. (identity-gpu, principalId): how the compiled
/// template says "this setting is that identity's client id" or "this role goes to that identity".
/// </summary>
internal sealed partial record ModuleOutput(string Deployment, string Output)
{
    public override string ToString() => $"{Deployment}.{Output}";

    public static ModuleOutput? From(JsonNode? resolved)
    {
        if (resolved is not JsonValue)
        {
            return null;
        }

        Match match = Reference().Match(resolved.ToString());
        return match.Success ? new ModuleOutput(match.Groups["deployment"].Value, match.Groups["output"].Value) : null;
    }

    public static ModuleOutput Of(JsonNode? resolved) =>
        From(resolved) ?? throw new InvalidOperationException($"{resolved} is not a module output.");

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<deployment>[^']+)'\), '[^']+'\)\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex Reference();
}
