namespace CodeFormer.Backend.Http;

/// <summary>An HTTP request as the API logic sees it, whichever host received it (Functions or Kestrel).</summary>
/// <param name="Body">The request body, read once.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="ContentLength">The Content-Length header, if any.</param>
/// <param name="Query">Query-string parameters (first value of each).</param>
public sealed record ApiRequest(Stream Body, string? ContentType, long? ContentLength, IReadOnlyDictionary<string, string> Query);
