using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Deliberately in the official attribute's namespace, with its name and the binding properties the host extension
// reads (queueName, connection, isSessionsEnabled, autoCompleteMessages); cardinality is left to the host's default of
// one message per invocation, which is how the stages handle claim-check messages: once the official worker
// package can be restored, deleting this assembly and referencing that package changes no function code.
namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Triggers a function on messages from a Service Bus queue. The Worker SDK writes it to functions.metadata as a
/// <c>serviceBusTrigger</c> binding; the Functions host's Service Bus extension delivers the messages.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute
{
    /// <param name="queueName">The queue to listen on; a <c>%Setting%</c> expression names an app setting.</param>
    public ServiceBusTriggerAttribute(string queueName)
    {
        QueueName = queueName;
    }

    public string QueueName { get; }

    /// <summary>
    /// The app setting (or setting prefix, for identity-based connections: <c>Setting__fullyQualifiedNamespace</c>)
    /// that locates the namespace.
    /// </summary>
    public string? Connection { get; set; }

    public bool IsSessionsEnabled { get; set; }

    /// <summary>Completes the message when the function returns and abandons it when the function throws.</summary>
    [DefaultValue(true)]
    public bool AutoCompleteMessages { get; set; } = true;
}
