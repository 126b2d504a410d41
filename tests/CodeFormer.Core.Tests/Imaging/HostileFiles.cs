using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>The files in <c>shared/data/hostile</c> and the outcome <c>expected.json</c> names for each.</summary>
internal static class HostileFiles
{
    public const string ExpectationsFile = "expected.json";

    public static string PathOf(string fileName) => SharedData.File("hostile", fileName);

    public static byte[] Read(string fileName) => File.ReadAllBytes(PathOf(fileName));

    /// <summary>File name → "ok" or "reject", read afresh so a file added there is tested without a code change.</summary>
    public static IReadOnlyDictionary<string, string> Expectations()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(PathOf(ExpectationsFile)));
        return document.RootElement.EnumerateObject().ToDictionary(
            entry => entry.Name,
            entry => entry.Value.GetProperty("expect").GetString() ?? throw new InvalidDataException($"{entry.Name} has no 'expect'."));
    }

    public static TheoryData<string> WithExpectation(string expectation)
    {
        var data = new TheoryData<string>();
        foreach ((string file, string expect) in Expectations())
        {
            if (expect == expectation)
            {
                data.Add(file);
            }
        }

        return data;
    }
}
