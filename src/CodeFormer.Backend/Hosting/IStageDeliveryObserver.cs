using CodeFormer.Backend.Messaging;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// Sees each in-process delivery before its stage handles it; an exception it throws counts as the handler's (the
/// delivery is retried, then dead-lettered). For tracing and for tests that inject faults; <c>serve</c> registers none.
/// </summary>
public interface IStageDeliveryObserver
{
    Task OnDeliveryAsync(PipelineStage stage, MessageDelivery delivery, CancellationToken cancellationToken);
}
