using System.Text;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// Maps blob names onto paths under a folder without ever leaving it. A name is '/'-separated segments; each must be
/// non-empty, must not start with '.' (so no '.', '..' or hidden file), and must not hold a control character or one
/// of <c>\ : * ? " &lt; &gt; |</c>; a segment is at most 255 UTF-8 bytes and a name at most 1024 characters (Azure's
/// limit). Absolute paths, drive letters and backslash separators are thereby all refused. The resolved path is
/// checked once more to lie under the folder, in case a platform reads a name differently.
/// </summary>
internal static class FolderPaths
{
    public const int MaxNameLength = 1024;
    private const int MaxSegmentBytes = 255;
    private const string ForbiddenCharacters = "\\:*?\"<>|";

    /// <summary>The problem with <paramref name="name"/> as a blob name, or null when it is safe.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A blob name cannot be empty.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"A blob name is at most {MaxNameLength} characters.";
        }

        foreach (string segment in name.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "A blob name cannot start or end with '/' or hold '//'.";
            }

            if (segment[0] == '.')
            {
                return "No part of a blob name may start with '.' (no '.', '..' or hidden files).";
            }

            if (segment.Any(c => char.IsControl(c) || ForbiddenCharacters.Contains(c, StringComparison.Ordinal)))
            {
                return "A blob name cannot hold control characters or any of \\ : * ? \" < > |.";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"Each '/'-separated part of a blob name is at most {MaxSegmentBytes} bytes.";
            }
        }

        return null;
    }

    /// <summary>The path of <paramref name="name"/> under <paramref name="folder"/> (a full path); refuses unsafe names.</summary>
    public static string Resolve(string folder, string name, string suffix = "")
    {
        if (Problem(name) is { } problem)
        {
            throw new InvalidBlobNameException($"Blob name '{Printable(name)}' refused: {problem}");
        }

        string path = Path.GetFullPath(Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar) + suffix));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidBlobNameException($"Blob name '{Printable(name)}' resolves outside its folder.");
        }

        return path;
    }

    /// <summary>The blob name of a file under <paramref name="folder"/>, or null when it is not a valid name.</summary>
    public static string? NameOf(string folder, string path)
    {
        string name = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
        return Problem(name) is null ? name : null;
    }

    private static string Printable(string? name) =>
        name is null ? "" : new string(name.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
