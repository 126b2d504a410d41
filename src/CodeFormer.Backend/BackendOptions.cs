using CodeFormer.Core.Imaging;
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

    /// <summary>
    /// The largest result a job may make (working image × upscale), refused at submit with the largest upscale that
    /// fits. 100 MP is about 0.4 GB of 8-bit canvas (RGB + alpha) plus the encoder's buffers, so it fits one job in a
    /// Flex Consumption instance of 2 GB with the upload and the model beside it.
    /// </summary>
    public long MaxOutputPixels { get; init; } = 100_000_000;

    /// <summary>The upload limits, as the decoder takes them.</summary>
    public DecodeLimits DecodeLimits => new() { MaxBytes = MaxUploadBytes, MaxPixels = MaxPixels };

    /// <summary>Deliveries before a stage message dead-letters; must equal the queues' MaxDeliveryCount.</summary>
    public int MaxDeliveryCount { get; init; } = 5;

    /// <summary>How long a result link (read-only SAS) stays valid; 0 streams results through the API instead.</summary>
    public int ResultLinkMinutes { get; init; } = 15;

    /// <summary>
    /// How long an unfinished job may go without progress (a stage finishing, or a resume) before the sweeper resumes
    /// or fails it. Longer than any job's honest wait in the queues; in Azure the sweep runs every 5 minutes.
    /// </summary>
    public TimeSpan StuckJobAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Resumes the sweeper gives a stuck job before it fails it.</summary>
    public int MaxResumes { get; init; } = 2;

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

        if (MaxUploadBytes < 1 || MaxPixels < 1 || MaxOutputPixels < 1)
        {
            problems.Add("MaxUploadBytes, MaxPixels and MaxOutputPixels must be positive.");
        }

        if (MaxConcurrentStageWork < 0)
        {
            problems.Add("MaxConcurrentStageWork must be 0 (sized from memory) or more.");
        }

        if (MaxDeliveryCount < 1)
        {
            problems.Add("MaxDeliveryCount must be at least 1.");
        }

        if (StuckJobAfter <= TimeSpan.Zero || MaxResumes < 0)
        {
            problems.Add("StuckJobAfter must be positive and MaxResumes cannot be negative.");
        }

        if (ResultLinkMinutes < 0)
        {
            problems.Add("ResultLinkMinutes cannot be negative.");
        }

        return problems;
    }
}
