namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class NoSecretsTests(CompiledInfrastructure infra)
{
    [Theory]
    // Reading a key or connection string of any resource.
    [InlineData("listKeys")]
    [InlineData("listConnectionStrings")]
    [InlineData("listCredentials")]
    [InlineData("listSecrets")]
    // Secret-bearing connection string fragments.
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessKey")]
    [InlineData("InstrumentationKey=")]
    // Secure parameters exist only to carry secrets in.
    [InlineData("securestring")]
    [InlineData("secureobject")]
    // Container app secrets and references to them.
    [InlineData("secretRef")]
    [InlineData("passwordSecretRef")]
    public void CompiledTemplateNeverHandlesASecret(string marker)
    {
        Assert.DoesNotContain(marker, infra.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }
}
