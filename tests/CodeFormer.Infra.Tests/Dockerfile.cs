namespace CodeFormer.Infra.Tests;

/// <summary>The stages of a Dockerfile and their instructions (continuation lines joined, comments dropped).</summary>
internal sealed class Dockerfile
{
    public Dockerfile(string path)
    {
        var stages = new List<Stage>();
        foreach (string line in LogicalLines(File.ReadAllLines(path)))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string keyword = line[..space].ToUpperInvariant();
            string arguments = line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                string[] words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(words[0], words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add(new Instruction(keyword, arguments));
            }
        }

        Stages = stages;
    }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Named(string name) => Stages.Single(s => s.Name == name);

    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        string pending = "";
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            string whole = (pending + line).Trim();
            pending = "";
            if (whole.Length > 0)
            {
                yield return whole;
            }
        }
    }

    public sealed record Stage(string Image, string? Name, List<Instruction> Instructions);

    public sealed record Instruction(string Keyword, string Arguments);
}
