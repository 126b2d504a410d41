using System.Net;
using System.Text.Json;

namespace CodeFormer.Backend.Tests;

/// <summary>Checks that an HTTP response is an RFC 9457 problem document with the expected status.</summary>
internal static class ProblemResponse
{
    public const string MediaType = "application/problem+json";

    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode expected, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == MediaType, $"{(int)response.StatusCode} came as '{response.Content.Headers.ContentType}': {body}");
        using var doc = JsonDocument.Parse(body);
        Assert.Equal((int)expected, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()));
        if (title is not null)
        {
            Assert.Equal(title, doc.RootElement.GetProperty("title").GetString());
        }

        return doc.RootElement.Clone();
    }
}
