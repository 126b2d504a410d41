using System.Text;
using System.Text.RegularExpressions;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// A .dockerignore file as Docker reads it: one pattern a line (Go filepath.Match syntax plus <c>**</c>), matched
/// against the path relative to the context root; a match on a folder leaves out everything under it; a later
/// <c>!pattern</c> takes a path back in. The last pattern that matches decides.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include)> _rules = [];

    public DockerIgnore(string path)
    {
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool include = line.StartsWith('!');
            string pattern = (include ? line[1..] : line).Trim().Trim('/');
            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), include));
        }
    }

    /// <summary>Whether the file at <paramref name="relativePath"/> ('/'-separated) is sent to the builder.</summary>
    public bool Allows(string relativePath)
    {
        string[] parts = relativePath.Split('/');
        bool excluded = false;
        foreach ((Regex pattern, bool include) in _rules)
        {
            // The path itself or any folder above it.
            for (int n = 1; n <= parts.Length; n++)
            {
                if (pattern.IsMatch(string.Join('/', parts.Take(n))))
                {
                    excluded = !include;
                    break;
                }
            }
        }

        return !excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches no folder or any number of them; a trailing "**" matches anything.
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
