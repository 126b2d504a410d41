namespace CodeFormer.Testing;

/// <summary>
/// Locates the read-only <c>../shared</c> folder beside the checkout. Tests read it in place and fail loudly
/// (never skip) when a file is missing, because CI always has it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string RepoRoot => FindRepoRoot();

    public static string Root => s_root.Value;

    public static string DataRoot => Path.Combine(Root, "data");

    /// <summary>An absolute path under <c>../shared/data</c>; throws with the path named when it is missing.</summary>
    public static string File(params string[] parts)
    {
        string path = Path.Combine([DataRoot, .. parts]);
        if (!System.IO.File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Shared test data missing: {path} (the tests read ../shared beside the checkout).", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        string? overridden = Environment.GetEnvironmentVariable("CODEFORMER_SHARED");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Path.GetFullPath(overridden);
        }

        string shared = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared"));
        if (!Directory.Exists(shared))
        {
            throw new DirectoryNotFoundException($"Shared test data folder not found at {shared}; it must sit beside the checkout.");
        }

        return shared;
    }

    /// <summary>The checkout's root: the nearest folder above the test binaries holding the solution file.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "CodeFormer.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find CodeFormer.Functions.sln above " + AppContext.BaseDirectory);
    }
}
