using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// One role assignment of the compiled template, in words: who (an identity module, or "deployer" for the
/// person running azd), which built-in role, and on what (resource type and the names it is built from).
/// </summary>
internal sealed partial record RoleGrant(string Principal, string Role, string Scope)
{
    public const string Deployer = "deployer";

    public override string ToString() => $"{Principal} {Role} on {Scope}";

    public static string StorageAccount(string deployment) => $"Microsoft.Storage/storageAccounts({deployment}.name)";

    public static string BlobContainer(string deployment, string container) =>
        $"Microsoft.Storage/storageAccounts/blobServices/containers({deployment}.name, default, {container})";

    public static string Queue(string queue) => $"Microsoft.ServiceBus/namespaces/queues(service-bus.name, {queue})";

    public static string Registry => "Microsoft.ContainerRegistry/registries(container-registry.name)";

    public static string ApplicationInsights => "Microsoft.Insights/components(monitoring.applicationInsightsName)";

    /// <summary>Every assignment a role module makes, one per role id it is given.</summary>
    public static IEnumerable<RoleGrant> In(ArmTemplate module)
    {
        foreach (JsonObject assignment in module.Created("Microsoft.Authorization/roleAssignments"))
        {
            // The modules grant each id in roleDefinitionIds to principalId on one scope; anything else would
            // need its own reading here.
            if ((string?)assignment["copy"]?["count"] != "[length(parameters('roleDefinitionIds'))]"
                || (string?)assignment["properties"]!["roleDefinitionId"]
                    != "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('roleDefinitionIds')[copyIndex()])]")
            {
                throw new InvalidOperationException($"Role assignment in {module.DeploymentName} is not the roleDefinitionIds loop: {assignment}");
            }

            string principal = PrincipalOf(module, assignment["properties"]!["principalId"]);
            string scope = ScopeOf(module, (string)assignment["scope"]!);
            foreach (JsonNode? role in module.Resolve(JsonValue.Create("[parameters('roleDefinitionIds')]"))!.AsArray())
            {
                yield return new RoleGrant(principal, RoleDefinitions.NameOf(module.Constant(role)!), scope);
            }
        }
    }

    private static string PrincipalOf(ArmTemplate module, JsonNode? principalId)
    {
        JsonNode? resolved = module.Resolve(principalId);
        if (ModuleOutput.From(resolved) is { Output: "principalId" } identity)
        {
            return identity.Deployment;
        }

        return resolved?.ToString() == "[parameters('principalId')]"
            ? Deployer
            : throw new InvalidOperationException($"Unrecognised principal {resolved} in {module.DeploymentName}.");
    }

    private static string ScopeOf(ArmTemplate module, string scope)
    {
        Match match = ResourceIdCall().Match(scope);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Scope {scope} in {module.DeploymentName} is not a resourceId(...) of one resource.");
        }

        var names = match.Groups["argument"].Captures.Select(argument => argument.Value.StartsWith('\'')
            ? argument.Value.Trim('\'')
            : ModuleOutput.From(module.Resolve(JsonValue.Create($"[{argument.Value}]")))?.ToString()
                ?? module.Constant(JsonValue.Create($"[{argument.Value}]"))
                ?? argument.Value);
        return $"{match.Groups["type"].Value}({string.Join(", ", names)})";
    }

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)'(?:, (?<argument>parameters\('[^']+'\)|'[^']*'))+\)\]$")]
    private static partial Regex ResourceIdCall();
}
