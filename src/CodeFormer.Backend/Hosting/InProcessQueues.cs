using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The in-process host's three queues and their routing: detect (fed by the <see cref="UploadPoller"/>), restore
/// and paste (fed by the stages, through <see cref="IStageQueue"/>), each delivering to its stage handler and
/// dead-lettering to the same handlers as the Function apps.
/// </summary>
public sealed class InProcessQueues : IStageQueue
{
    private readonly InProcessHostOptions _options;
    private readonly InMemoryQueue _detect;
    private readonly InMemoryQueue _restore;
    private readonly InMemoryQueue _paste;

    public InProcessQueues(BackendOptions backend, IOptions<InProcessHostOptions> options, IServiceProvider services, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        // The stages send their messages through these queues (they are their IStageQueue), so they are resolved on
        // first delivery rather than injected, which would be a dependency cycle.
        var detect = new Lazy<DetectStage>(services.GetRequiredService<DetectStage>);
        var restore = new Lazy<RestoreStage>(services.GetRequiredService<RestoreStage>);
        var paste = new Lazy<PasteStage>(services.GetRequiredService<PasteStage>);
        var deadLetter = new Lazy<DeadLetterStage>(services.GetRequiredService<DeadLetterStage>);
        var observers = services.GetServices<IStageDeliveryObserver>().ToArray();
        var gate = services.GetRequiredService<StageWorkGate>();
        _options = options.Value;
        var logger = loggers.CreateLogger<InMemoryQueue>();

        // Every delivery runs inside the process's heavy-work gate, after any observers (tests) have seen it.
        Func<BinaryData, MessageDelivery, CancellationToken, Task> Observed(PipelineStage stage, Func<BinaryData, MessageDelivery, CancellationToken, Task> handler) =>
            async (body, delivery, ct) =>
            {
                foreach (var observer in observers)
                {
                    await observer.OnDeliveryAsync(stage, delivery, ct).ConfigureAwait(false);
                }

                await gate.RunAsync(() => handler(body, delivery, ct), ct).ConfigureAwait(false);
            };

        _detect = new InMemoryQueue(
            "detect",
            Observed(PipelineStage.Detect, (body, delivery, ct) => detect.Value.RunAsync(body.ToString(), delivery.DeliveryCount, ct)),
            (body, reason, ct) => detect.Value.GiveUpAsync(body.ToString(), reason, ct),
            backend.MaxDeliveryCount, _options.RedeliveryDelay, logger);
        _restore = new InMemoryQueue(
            "restore",
            Observed(PipelineStage.Restore, (body, delivery, ct) => restore.Value.HandleAsync(body, delivery, ct)),
            (body, reason, ct) => deadLetter.Value.HandleAsync(body, reason, ct),
            backend.MaxDeliveryCount, _options.RedeliveryDelay, logger);
        _paste = new InMemoryQueue(
            "paste",
            Observed(PipelineStage.Paste, (body, delivery, ct) => paste.Value.HandleAsync(body, delivery, ct)),
            (body, reason, ct) => deadLetter.Value.HandleAsync(body, reason, ct),
            backend.MaxDeliveryCount, _options.RedeliveryDelay, logger);
    }

    /// <summary>Messages and uploads waiting or being handled in any stage.</summary>
    public int Pending => _detect.Pending + _restore.Pending + _paste.Pending;

    public Task SendAsync(StageMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = message.Stage switch
        {
            PipelineStage.Restore => _restore,
            PipelineStage.Paste => _paste,
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.Stage, "Detection is fed by uploads, not messages."),
        };
        queue.Send(message.MessageId, message.ToBinary());
        return Task.CompletedTask;
    }

    /// <summary>Hands an upload to the detect stage (what the blob trigger does in Azure).</summary>
    public void SendUpload(string uploadName, string eTag) => _detect.Send(uploadName + "\n" + eTag, BinaryData.FromString(uploadName));

    /// <summary>Runs every queue's consumers until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _detect.RunAsync(_options.DetectConcurrency, cancellationToken),
        _restore.RunAsync(_options.RestoreConcurrency, cancellationToken),
        _paste.RunAsync(_options.PasteConcurrency, cancellationToken));
}
