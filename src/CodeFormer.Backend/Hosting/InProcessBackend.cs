using System.Collections.Concurrent;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The whole backend in one process: the same three stage handlers and dead-letter handling as the Function apps,
/// with in-memory queues (carrying the same <see cref="StageMessage"/> bodies) instead of Service Bus and a poller
/// of the uploads container instead of the Event Grid blob trigger. Storage is real: Azurite, Azure or a local folder.
/// </summary>
public sealed class InProcessBackend : BackgroundService, IStageQueue
{
    private readonly BlobStore _blobs;
    private readonly InProcessHostOptions _options;
    private readonly ILogger<InProcessBackend> _logger;
    private readonly InMemoryQueue _detect;
    private readonly InMemoryQueue _restore;
    private readonly InMemoryQueue _paste;
    private readonly ConcurrentDictionary<string, byte> _seenUploads = new();
    private readonly StageWorkGate _gate;

    public InProcessBackend(
        BlobStore blobs,
        BackendOptions backend,
        IOptions<InProcessHostOptions> options,
        IServiceProvider services,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(loggers);
        // The stages send their messages through this host (it is their IStageQueue), so they are resolved on
        // first delivery rather than injected, which would be a dependency cycle.
        var detect = new Lazy<DetectStage>(services.GetRequiredService<DetectStage>);
        var restore = new Lazy<RestoreStage>(services.GetRequiredService<RestoreStage>);
        var paste = new Lazy<PasteStage>(services.GetRequiredService<PasteStage>);
        var deadLetter = new Lazy<DeadLetterStage>(services.GetRequiredService<DeadLetterStage>);
        _gate = services.GetRequiredService<StageWorkGate>();
        _blobs = blobs;
        _options = options.Value;
        _logger = loggers.CreateLogger<InProcessBackend>();
        var queueLogger = loggers.CreateLogger<InMemoryQueue>();
        _detect = new InMemoryQueue(
            "detect",
            Intercepted(PipelineStage.Detect, (body, delivery, ct) => detect.Value.RunAsync(body.ToString(), delivery.DeliveryCount, ct)),
            (body, reason, ct) => detect.Value.GiveUpAsync(body.ToString(), reason, ct),
            backend.MaxDeliveryCount, _options.RedeliveryDelay, queueLogger);
        _restore = new InMemoryQueue("restore", Intercepted(PipelineStage.Restore, (b, d, ct) => restore.Value.HandleAsync(b, d, ct)), (b, r, ct) => deadLetter.Value.HandleAsync(b, r, ct), backend.MaxDeliveryCount, _options.RedeliveryDelay, queueLogger);
        _paste = new InMemoryQueue("paste", Intercepted(PipelineStage.Paste, (b, d, ct) => paste.Value.HandleAsync(b, d, ct)), (b, r, ct) => deadLetter.Value.HandleAsync(b, r, ct), backend.MaxDeliveryCount, _options.RedeliveryDelay, queueLogger);
    }

    /// <summary>Messages and uploads waiting or being handled in any stage.</summary>
    public int Pending => _detect.Pending + _restore.Pending + _paste.Pending;

    public Task SendAsync(StageMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        QueueFor(message.Stage).Send(message.MessageId, message.ToBinary());
        return Task.CompletedTask;
    }

    /// <summary>Delivers a stage message again although it was delivered before (an at-least-once duplicate).</summary>
    public void Redeliver(StageMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        QueueFor(message.Stage).Redeliver(message.MessageId, message.ToBinary());
    }

    /// <summary>Looks for new uploads now instead of at the next poll.</summary>
    public async Task ScanUploadsAsync(CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.Uploads.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            string key = blob.Name + "\n" + blob.ETag;
            if (_seenUploads.TryAdd(key, 0))
            {
                _detect.Send(key, BinaryData.FromString(blob.Name));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consumers = Task.WhenAll(
            _detect.RunAsync(_options.DetectConcurrency, stoppingToken),
            _restore.RunAsync(_options.RestoreConcurrency, stoppingToken),
            _paste.RunAsync(_options.PasteConcurrency, stoppingToken));
        using var timer = new PeriodicTimer(_options.UploadPollInterval);
        try
        {
            do
            {
                try
                {
                    await ScanUploadsAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning(ex, "Listing the uploads failed; trying again at the next poll");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await consumers.ConfigureAwait(false);
    }

    private InMemoryQueue QueueFor(PipelineStage stage) => stage switch
    {
        PipelineStage.Restore => _restore,
        PipelineStage.Paste => _paste,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Detection is fed by uploads, not messages."),
    };

    private Func<BinaryData, MessageDelivery, CancellationToken, Task> Intercepted(PipelineStage stage, Func<BinaryData, MessageDelivery, CancellationToken, Task> handler) =>
        async (body, delivery, ct) =>
        {
            if (_options.BeforeDelivery is { } before)
            {
                await before(stage, delivery, ct).ConfigureAwait(false);
            }

            await _gate.RunAsync(() => handler(body, delivery, ct), ct).ConfigureAwait(false);
        };
}
