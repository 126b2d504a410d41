using CodeFormer.Core.Inference;

namespace CodeFormer.Backend;

/// <summary>
/// The backend's settings, bound from the <c>CodeFormer</c> configuration section (app settings
/// <c>CodeFormer__Name</c>); local.settings.sample.json documents each one.
/// </summary>
public sealed class BackendOptions
{
    public const string SectionName = "CodeFormer";

    public string UploadsContainer { get; init; } = "uploads";

    public string ResultsContainer { get; init; } = "results";

    public string WorkContainer { get; init; } = "work";

    public string ModelsContainer { get; init; } = "models";

    public string JobsTable { get; init; } = "jobs";

    /// <summary>A local CodeFormer ONNX file; when empty the restore stage downloads <see cref="ModelBlobName"/>.</summary>
    public string ModelPath { get; init; } = "";

    public string ModelBlobName { get; init; } = "codeformer.onnx";

    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    public int MaxBatchSize { get; init; } = 8;

    public string Detector { get; init; } = "BlazeFace";

    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024;

    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Deliveries before a stage message dead-letters; must equal the queues' MaxDeliveryCount.</summary>
    public int MaxDeliveryCount { get; init; } = 5;

    /// <summary>How long a result link (read-only SAS) stays valid; 0 streams results through the API instead.</summary>
    public int ResultLinkMinutes { get; init; } = 15;

    /// <summary>
    /// Heavy stage runs at once in this process (<see cref="Hosting.StageWorkGate"/>); 0 sizes it from the memory the
    /// process may use.
    /// </summary>
    public int MaxConcurrentStageWork { get; init; }

    /// <summary>The problems with these settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[]
        {
            (nameof(UploadsContainer), UploadsContainer), (nameof(ResultsContainer), ResultsContainer),
            (nameof(WorkContainer), WorkContainer), (nameof(ModelsContainer), ModelsContainer),
        })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length < 3 || value != value.ToLowerInvariant())
            {
                problems.Add($"{name} '{value}' is not a valid blob container name (3+ lowercase characters).");
            }
        }

        if (string.IsNullOrWhiteSpace(JobsTable) || !JobsTable.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"JobsTable '{JobsTable}' is not a valid table name (letters and digits).");
        }

        if (MaxBatchSize < 1)
        {
            problems.Add("MaxBatchSize must be at least 1.");
        }

        if (MaxUploadBytes < 1 || MaxPixels < 1)
        {
            problems.Add("MaxUploadBytes and MaxPixels must be positive.");
        }

        if (MaxConcurrentStageWork < 0)
        {
            problems.Add("MaxConcurrentStageWork must be 0 (sized from memory) or more.");
        }

        if (MaxDeliveryCount < 1)
        {
            problems.Add("MaxDeliveryCount must be at least 1.");
        }

        if (ResultLinkMinutes < 0)
        {
            problems.Add("ResultLinkMinutes cannot be negative.");
        }

        return problems;
    }
}
