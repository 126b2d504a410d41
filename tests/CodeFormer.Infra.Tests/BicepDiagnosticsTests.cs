namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class BicepDiagnosticsTests(CompiledInfrastructure infra)
{
    [Fact]
    public void MainBicepBuildsWithoutAWarning()
    {
        Assert.Equal(0, infra.Build.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(infra.Build.StandardError), infra.Build.StandardError);
    }

    [Fact]
    public void LinterFindsNothing()
    {
        // infra/bicepconfig.json raises several rules that are off by default (user-defined types, secure
        // values, unnecessary dependsOn, ...) to warnings; none may fire.
        Assert.Equal(0, infra.Lint.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(infra.Lint.Output), infra.Lint.Output);
    }
}
