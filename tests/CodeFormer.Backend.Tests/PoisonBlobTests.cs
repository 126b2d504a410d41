using CodeFormer.Backend.Messaging;

namespace CodeFormer.Backend.Tests;

/// <summary>Reading the host's poison-blob messages, and refusing anything else without throwing.</summary>
public sealed class PoisonBlobTests
{
    [Fact]
    public void The_hosts_message_names_the_function_and_the_blob()
    {
        const string message = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.Detect","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"holiday/photo 1.jpg","ETag":"\"0x8DC\""}""";

        var poison = PoisonBlob.Parse(message);

        Assert.Equal(new PoisonBlob("Host.Functions.Detect", "uploads", "holiday/photo 1.jpg"), poison);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"FunctionId":"Host.Functions.Detect"}""")]
    [InlineData("""{"FunctionId":1,"ContainerName":"uploads","BlobName":"a.jpg"}""")]
    public void Anything_else_is_not_a_poison_blob(string message) => Assert.Null(PoisonBlob.Parse(message));
}
