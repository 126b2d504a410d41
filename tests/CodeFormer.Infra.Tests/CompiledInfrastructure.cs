using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once by the real Bicep CLI (build and lint), shared by every test in the collection.
/// </summary>
public sealed class CompiledInfrastructure
{
    public CompiledInfrastructure()
    {
        var bicep = BicepCli.FetchIfMissing();
        string main = RepositoryRoot.File("infra", "main.bicep");
        Build = bicep.Invoke("build", main, "--stdout");
        Lint = bicep.Invoke("lint", main);
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.StandardError}");
        }

        Json = JsonNode.Parse(Build.StandardOutput)!.AsObject();
        Main = ArmTemplate.Root(Json);
    }

    internal ProcessResult Build { get; }

    internal ProcessResult Lint { get; }

    internal JsonObject Json { get; }

    internal ArmTemplate Main { get; }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "compiled infrastructure";
}
