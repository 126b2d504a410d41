using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// One template of the compiled ARM JSON: main.json or the template of one module (a nested deployment).
/// Follows the plain references Bicep emits between them: <c>[parameters('x')]</c> to the value the parent
/// passed (or the parameter's default), <c>[variables('x')]</c> to the variable. Anything else, such as a
/// module output read with reference(), is left as the expression it is.
/// </summary>
internal sealed partial class ArmTemplate
{
    private readonly JsonObject _template;
    private readonly ArmTemplate? _parent;
    private readonly JsonObject? _passedParameters;

    private ArmTemplate(JsonObject template, string deploymentName, ArmTemplate? parent, JsonObject? passedParameters)
    {
        _template = template;
        _parent = parent;
        _passedParameters = passedParameters;
        DeploymentName = deploymentName;
        Resources = ResourcesOf(template);
        Modules = Resources
            .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments")
            .Select(r => new ArmTemplate(
                r["properties"]!["template"]!.AsObject(),
                (string)r["name"]!,
                this,
                r["properties"]!["parameters"]?.AsObject()))
            .ToList();
    }

    /// <summary>The module's deployment name (the `name:` of the module in Bicep); "main" for the root.</summary>
    public string DeploymentName { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    public IReadOnlyList<ArmTemplate> Modules { get; }

    public JsonObject Parameters => _template["parameters"]?.AsObject() ?? [];

    public static ArmTemplate Root(JsonObject template) => new(template, "main", null, null);

    public ArmTemplate Module(string deploymentName) =>
        Modules.SingleOrDefault(m => m.DeploymentName == deploymentName)
        ?? throw new InvalidOperationException(
            $"No module '{deploymentName}' in {DeploymentName}; it has {string.Join(", ", Modules.Select(m => m.DeploymentName))}.");

    public IEnumerable<ArmTemplate> SelfAndDescendants() => Modules.SelectMany(m => m.SelfAndDescendants()).Prepend(this);

    /// <summary>Resources this template creates (not the ones it only refers to as existing).</summary>
    public IEnumerable<JsonObject> Created(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase) && r["existing"] is null);

    public JsonObject SingleCreated(string type)
    {
        var matches = Created(type).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{DeploymentName} creates {matches.Count} resources of type {type}, expected one.");
    }

    /// <summary>Follows parameter and variable references, through arrays and objects.</summary>
    public JsonNode? Resolve(JsonNode? value)
    {
        switch (value)
        {
            case JsonArray array:
                return new JsonArray(array.Select(item => Resolve(item)).ToArray());
            case JsonObject obj:
                var resolved = new JsonObject();
                foreach ((string key, JsonNode? child) in obj)
                {
                    resolved[key] = Resolve(child);
                }

                return resolved;
            case JsonValue when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                string text = (string)value!;
                Match parameter = ParameterReference().Match(text);
                if (parameter.Success)
                {
                    return ResolveParameter(parameter.Groups["name"].Value) ?? value.DeepClone();
                }

                Match variable = VariableReference().Match(text);
                if (variable.Success)
                {
                    return Resolve(_template["variables"]![variable.Groups["name"].Value]);
                }

                return value.DeepClone();
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>Resolves a <c>parameters('x')</c> that sits inside a larger expression, such as string(...).</summary>
    public JsonNode? ResolveInnerParameter(string expression)
    {
        var names = InnerParameterReference().Matches(expression).Select(m => m.Groups["name"].Value).Distinct().ToList();
        return names.Count == 1
            ? Resolve(JsonValue.Create($"[parameters('{names[0]}')]"))
            : throw new InvalidOperationException($"Expected one parameter reference in {expression}, found {names.Count}.");
    }

    /// <summary>
    /// A value as a constant string: a literal, or a main.bicep parameter's default reached through references.
    /// Null when the value is only known at deployment (a module output, a function of the subscription, ...).
    /// </summary>
    public string? Constant(JsonNode? value)
    {
        JsonNode? resolved = Resolve(value);
        if (resolved is not JsonValue)
        {
            return null;
        }

        string text = resolved.ToString();
        if (!text.StartsWith('['))
        {
            return text;
        }

        // A parameter of main.json: what azd passes for it unless told otherwise is its default.
        Match topLevel = ParameterReference().Match(text);
        if (topLevel.Success)
        {
            return Root().Parameters[topLevel.Groups["name"].Value]?["defaultValue"]?.ToString();
        }

        Match stringOf = StringOfParameter().Match(text);
        return stringOf.Success ? Constant(JsonValue.Create($"[parameters('{stringOf.Groups["name"].Value}')]")) : null;
    }

    private ArmTemplate Root() => _parent?.Root() ?? this;

    private JsonNode? ResolveParameter(string name)
    {
        if (_passedParameters?[name] is JsonObject passed)
        {
            return _parent!.Resolve(passed["value"]);
        }

        if (_parent is not null && Parameters[name]?["defaultValue"] is JsonNode defaultValue)
        {
            return Resolve(defaultValue);
        }

        return null;
    }

    private static List<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.Select(r => r!.AsObject()).ToList(),
        JsonObject symbolic => symbolic.Select(pair => pair.Value!.AsObject()).ToList(),
        _ => [],
    };

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)")]
    private static partial Regex InnerParameterReference();

    [GeneratedRegex(@"^\[string\(parameters\('(?<name>[^']+)'\)\)\]$")]
    private static partial Regex StringOfParameter();
}
