namespace CodeFormer.Backend.Tests;

/// <summary>Settings that give one test class its own containers and jobs table in Azurite, so classes never see each other's jobs.</summary>
public static class TestStorage
{
    public static Dictionary<string, string?> IsolatedSettings(string label)
    {
        string suffix = label + Guid.NewGuid().ToString("N")[..8];
        return new Dictionary<string, string?>
        {
            ["CodeFormerStorage"] = Azurite.ConnectionString,
            ["CodeFormer:UploadsContainer"] = "uploads-" + suffix,
            ["CodeFormer:WorkContainer"] = "work-" + suffix,
            ["CodeFormer:ResultsContainer"] = "results-" + suffix,
            ["CodeFormer:ModelsContainer"] = "models-" + suffix,
            ["CodeFormer:JobsTable"] = "jobs" + suffix,
        };
    }
}
