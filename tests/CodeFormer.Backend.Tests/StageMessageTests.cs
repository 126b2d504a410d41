using CodeFormer.Backend.Messaging;

namespace CodeFormer.Backend.Tests;

/// <summary>The claim-check contract: what a stage message carries on the wire and what Service Bus sees of it.</summary>
public sealed class StageMessageTests
{
    private static readonly StageMessage s_message = new("0123456789abcdef0123456789abcdef", PipelineStage.Restore, "0123456789abcdef0123456789abcdef/manifest.json", ["0123456789abcdef0123456789abcdef/crops/000.png"], Attempt: 2);

    [Fact]
    public void Round_trips_as_versioned_json_with_paths_only()
    {
        var json = s_message.ToBinary();
        Assert.Contains("\"version\":1", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"restore\"", json.ToString(), StringComparison.Ordinal);
        var parsed = StageMessage.Parse(json);
        Assert.Equal(s_message.JobId, parsed.JobId);
        Assert.Equal(s_message.Inputs, parsed.Inputs);
        Assert.Equal(s_message.MessageId, parsed.MessageId);
        Assert.True(json.ToArray().Length < 512, "a claim-check message stays small");
    }

    [Fact]
    public void Service_bus_message_carries_ids_for_duplicate_detection_and_correlation()
    {
        var sb = ServiceBusStageQueue.ToServiceBus(s_message);
        Assert.Equal("0123456789abcdef0123456789abcdef-restore", sb.MessageId);
        Assert.Equal(s_message.JobId, sb.CorrelationId);
        Assert.Equal("application/json", sb.ContentType);
        Assert.Equal("restore", sb.ApplicationProperties["stage"]);
        Assert.Equal(2, sb.ApplicationProperties["attempt"]);
        Assert.Equal(StageMessage.CurrentVersion, sb.ApplicationProperties["version"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"jobId\":\"x\"}")]
    [InlineData("{\"version\":2,\"jobId\":\"x\",\"stage\":\"paste\",\"manifestPath\":\"x/manifest.json\",\"inputs\":[]}")]
    public void Unreadable_or_unknown_version_bodies_are_refused_as_malformed(string body) =>
        Assert.Throws<MalformedMessageException>(() => StageMessage.Parse(BinaryData.FromString(body)));
}
