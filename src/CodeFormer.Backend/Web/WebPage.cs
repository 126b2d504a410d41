namespace CodeFormer.Backend.Web;

/// <summary>
/// The try-it page (plain HTML, JavaScript and CSS embedded in this assembly, no build step or CDN), served at the
/// site root by every host. It uses only the public API.
/// </summary>
public static class WebPage
{
    private static readonly Dictionary<string, string> s_contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    /// <summary>The page's files by name; <c>""</c> is <c>index.html</c>.</summary>
    public static IReadOnlyCollection<string> Files { get; } = ["index.html", "app.js", "app.css"];

    /// <summary>The file's bytes and content type, or null when the page has no such file.</summary>
    public static (byte[] Content, string ContentType)? Find(string? name)
    {
        name = string.IsNullOrEmpty(name) ? "index.html" : name;
        if (!Files.Contains(name))
        {
            return null;
        }

        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream("Web." + name)
            ?? throw new InvalidOperationException($"The page file {name} is not embedded in the backend assembly.");
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return (content, s_contentTypes[Path.GetExtension(name)]);
    }
}
