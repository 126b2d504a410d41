namespace CodeFormer.Cli.Bench;

/// <summary>What `bench` measures: photos through every stage, per model, plus the golden align+paste case.</summary>
internal sealed record BenchSettings(
    string Photos,
    string? GoldenCase,
    IReadOnlyList<string> Models,
    bool BuildFullSize,
    int Runs,
    int Upscale,
    string? JsonOutput);
