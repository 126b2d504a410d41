using System.Globalization;
using System.Text.Json;
using CodeFormer.Backend.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>Reads what the Service Bus trigger's binding data says about the delivery being handled.</summary>
internal static class ServiceBusDelivery
{
    public static MessageDelivery From(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.BindingContext.BindingData;
        string messageId = data.TryGetValue("MessageId", out var id) ? Convert.ToString(id, CultureInfo.InvariantCulture) ?? "" : "";
        int deliveryCount = data.TryGetValue("DeliveryCount", out var count)
            && int.TryParse(Convert.ToString(count, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : 1;
        return new MessageDelivery(messageId, deliveryCount);
    }

    /// <summary>Why Service Bus dead-lettered the message (its DeadLetterReason and description properties).</summary>
    public static string DeadLetterReason(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.BindingContext.BindingData.TryGetValue("ApplicationProperties", out var raw) && raw is not null)
        {
            try
            {
                using var json = JsonDocument.Parse(Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "{}");
                string reason = json.RootElement.TryGetProperty("DeadLetterReason", out var r) ? r.ToString() : "";
                string description = json.RootElement.TryGetProperty("DeadLetterErrorDescription", out var d) ? d.ToString() : "";
                if (reason.Length > 0)
                {
                    return description.Length > 0 ? $"{reason}: {description}" : reason;
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through to the generic reason.
            }
        }

        return "dead-lettered by Service Bus";
    }
}
