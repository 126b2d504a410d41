namespace CodeFormer.Infra.Tests;

/// <summary>The checkout these tests run from, found by walking up to the solution file.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "CodeFormer.Functions.sln";

    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
