namespace CodeFormer.Cli.Commands;

/// <summary>
/// Tells the two kinds of <c>serve --storage</c> value apart: a connection string is <c>Key=value;…</c>
/// (<c>UseDevelopmentStorage=true</c>, <c>DefaultEndpointsProtocol=…</c>), anything else is a folder. A folder whose
/// name looks like <c>Key=value</c> can still be named by a path: <c>./Key=value</c>.
/// </summary>
internal static class StorageTarget
{
    public static bool IsConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && value[..equals].Trim().All(char.IsAsciiLetterOrDigit);
    }
}
