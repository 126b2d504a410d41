using System.Text.Json.Nodes;
using System.Xml;

namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class ServiceBusTests(CompiledInfrastructure infra)
{
    private ArmTemplate ServiceBus => infra.Main.Module("service-bus");

    private JsonObject QueueProperties => ServiceBus.SingleCreated("Microsoft.ServiceBus/namespaces/queues")["properties"]!.AsObject();

    [Fact]
    public void NamespaceRefusesSasKeysAndOffersDuplicateDetection()
    {
        JsonObject ns = ServiceBus.SingleCreated("Microsoft.ServiceBus/namespaces");

        Assert.True((bool)ns["properties"]!["disableLocalAuth"]!);
        // Basic has no duplicate detection; Standard is the cheapest tier that does.
        Assert.Equal("Standard", (string?)ns["sku"]!["name"]);
    }

    [Fact]
    public void TheRestoreAndPasteQueuesExist()
    {
        Assert.Equal(["restore", "paste"], Queues().Select(q => q.Name));
    }

    [Fact]
    public void FailingMessagesDeadLetterAfterAFewDeliveries()
    {
        int maxDeliveryCount = int.Parse(ServiceBus.Constant(QueueProperties["maxDeliveryCount"])!, System.Globalization.CultureInfo.InvariantCulture);

        // Enough for transient failures to clear, few enough that a poison photo stops costing GPU time.
        Assert.InRange(maxDeliveryCount, 3, 10);
        Assert.True((bool)QueueProperties["deadLetteringOnMessageExpiration"]!);
        Assert.NotNull(ServiceBus.Constant(QueueProperties["defaultMessageTimeToLive"]));
    }

    [Fact]
    public void DuplicateDeliveriesOfAStageMessageAreDropped()
    {
        Assert.True((bool)QueueProperties["requiresDuplicateDetection"]!);
        TimeSpan window = XmlConvert.ToTimeSpan(ServiceBus.Constant(QueueProperties["duplicateDetectionHistoryTimeWindow"])!);

        // Longer than every retry of a stage: a retried sender's resend must still fall in the window.
        Assert.True(window >= TimeSpan.FromMinutes(30), $"window {window}");
    }

    [Fact]
    public void RestoreLockCoversABatchOfFacesOnAColdGpu()
    {
        Assert.Equal("[parameters('queues')[copyIndex()].lockDuration]", (string?)QueueProperties["lockDuration"]);
        var restore = Queues().Single(q => q.Name == "restore");
        var paste = Queues().Single(q => q.Name == "paste");

        // Service Bus caps the lock at 5 minutes; a cold replica loads the model before its first batch.
        Assert.Equal(TimeSpan.FromMinutes(5), restore.LockDuration);
        Assert.True(paste.LockDuration >= TimeSpan.FromMinutes(1), $"paste lock {paste.LockDuration}");
    }

    private IEnumerable<(string Name, TimeSpan LockDuration)> Queues() =>
        ServiceBus.Resolve(JsonValue.Create("[parameters('queues')]"))!.AsArray()
            .Select(q => (ServiceBus.Constant(q!["name"])!, XmlConvert.ToTimeSpan(ServiceBus.Constant(q["lockDuration"])!)));
}
