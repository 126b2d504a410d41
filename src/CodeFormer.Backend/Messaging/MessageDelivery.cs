namespace CodeFormer.Backend.Messaging;

/// <summary>What the queue says about one delivery of a message (Service Bus binding data, or the in-memory queue).</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="DeliveryCount">1 on the first delivery, higher on each redelivery after a failure.</param>
public sealed record MessageDelivery(string MessageId, int DeliveryCount);
