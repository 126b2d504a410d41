using Microsoft.Extensions.Configuration;

namespace CodeFormer.Backend.Messaging;

/// <summary>
/// The Service Bus queue of each stage, from the app settings <c>RestoreQueueName</c> and <c>PasteQueueName</c>
/// (the same settings the triggers name as <c>%RestoreQueueName%</c> and <c>%PasteQueueName%</c>).
/// </summary>
public sealed record QueueNames(string Restore, string Paste)
{
    public const string RestoreSetting = "RestoreQueueName";
    public const string PasteSetting = "PasteQueueName";

    public static QueueNames From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new QueueNames(configuration[RestoreSetting] ?? "restore", configuration[PasteSetting] ?? "paste");
    }

    public string For(PipelineStage stage) => stage switch
    {
        PipelineStage.Restore => Restore,
        PipelineStage.Paste => Paste,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Only the restore and paste stages are fed by a queue."),
    };
}
