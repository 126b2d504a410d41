using System.Globalization;
using System.Text.Json.Serialization;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Backend.Jobs;

/// <summary>What the caller asked for, validated on construction: the options of one restoration job.</summary>
public sealed record JobOptions
{
    public const double DefaultFidelity = 0.5;
    public const int DefaultUpscale = 2;

    public JobOptions(double fidelity = DefaultFidelity, int upscale = DefaultUpscale, bool onlyCenterFace = false, bool hasAligned = false, ResultFormat format = ResultFormat.Png)
    {
        if (!double.IsFinite(fidelity) || fidelity < 0 || fidelity > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, "Fidelity must be a number from 0 to 1.");
        }

        if (upscale is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(upscale), upscale, "Upscale must be a whole number from 1 to 4.");
        }

        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Format must be png, jpg or webp.");
        }

        Fidelity = fidelity;
        Upscale = upscale;
        OnlyCenterFace = onlyCenterFace;
        HasAligned = hasAligned;
        Format = format;
    }

    [JsonIgnore]
    public static JobOptions Default { get; } = new();

    /// <summary>The options' names, as <see cref="ToMetadata"/> writes them and <see cref="TryParse"/> reads them.</summary>
    [JsonIgnore]
    public static IReadOnlyList<string> FieldNames { get; } = ["fidelity", "upscale", "onlyCenterFace", "hasAligned", "format"];

    public double Fidelity { get; }

    public int Upscale { get; }

    public bool OnlyCenterFace { get; }

    public bool HasAligned { get; }

    public ResultFormat Format { get; }

    [JsonIgnore]
    public string FileExtension => Format switch
    {
        ResultFormat.Jpg => ".jpg",
        ResultFormat.Webp => ".webp",
        _ => ".png",
    };

    /// <summary>The core's name for <see cref="Format"/>.</summary>
    [JsonIgnore]
    public OutputFormat OutputFormat => Format switch
    {
        ResultFormat.Jpg => OutputFormat.Jpeg,
        ResultFormat.Webp => OutputFormat.Webp,
        _ => OutputFormat.Png,
    };

    /// <summary>The options as name/value strings (blob metadata on uploads; the API's field names).</summary>
    public IDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["fidelity"] = Fidelity.ToString("R", CultureInfo.InvariantCulture),
        ["upscale"] = Upscale.ToString(CultureInfo.InvariantCulture),
        ["onlyCenterFace"] = OnlyCenterFace ? "true" : "false",
        ["hasAligned"] = HasAligned ? "true" : "false",
        ["format"] = Format.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Reads options from name/value strings (case-insensitive names), defaults for the missing ones.
    /// Returns null with every problem listed when a value is unusable.
    /// </summary>
    public static JobOptions? TryParse(IReadOnlyDictionary<string, string> values, out IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        var problems = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => values.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        double fidelity = DefaultFidelity;
        if (Get("fidelity") is { } f && (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out fidelity) || !double.IsFinite(fidelity) || fidelity < 0 || fidelity > 1))
        {
            problems["fidelity"] = $"'{f}' is not a number from 0 to 1.";
        }

        int upscale = DefaultUpscale;
        if (Get("upscale") is { } u && (!int.TryParse(u, NumberStyles.Integer, CultureInfo.InvariantCulture, out upscale) || upscale is < 1 or > 4))
        {
            problems["upscale"] = $"'{u}' is not a whole number from 1 to 4.";
        }

        bool onlyCenterFace = ParseFlag("onlyCenterFace");
        bool hasAligned = ParseFlag("hasAligned");

        var format = ResultFormat.Png;
        if (Get("format") is { } fmt)
        {
            switch (fmt.Trim().ToLowerInvariant())
            {
                case "png": format = ResultFormat.Png; break;
                case "jpg" or "jpeg": format = ResultFormat.Jpg; break;
                case "webp": format = ResultFormat.Webp; break;
                default: problems["format"] = $"'{fmt}' is not one of png, jpg, webp."; break;
            }
        }

        errors = problems;
        return problems.Count == 0 ? new JobOptions(fidelity, upscale, onlyCenterFace, hasAligned, format) : null;

        bool ParseFlag(string name)
        {
            string? raw = Get(name);
            if (raw is null)
            {
                return false;
            }

            switch (raw.Trim().ToLowerInvariant())
            {
                case "" or "true" or "1" or "yes": return true;
                case "false" or "0" or "no": return false;
                default:
                    problems[name] = $"'{raw}' is not true or false.";
                    return false;
            }
        }
    }
}
