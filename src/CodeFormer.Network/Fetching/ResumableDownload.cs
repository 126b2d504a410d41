using System.Net;
using System.Net.Http.Headers;

namespace CodeFormer.Network.Fetching;

/// <summary>
/// Downloads a URL into a <c>.partial</c> file, continuing an interrupted transfer with an HTTP Range request
/// (from an earlier run or after a dropped connection) instead of starting over.
/// </summary>
internal static class ResumableDownload
{
    private const int BufferSize = 1 << 20;

    /// <returns>The length of the complete file.</returns>
    public static async Task<long> RunAsync(HttpClient http, ModelFetchOptions options, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        string partial = options.PartialPath;
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        Exception? lastFailure = null;
        for (int attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            if (attempt > 1 && options.RetryDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.RetryDelay * (attempt - 1), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                long? complete = await TryOnceAsync(http, options.Url, partial, progress, cancellationToken).ConfigureAwait(false);
                if (complete is long length)
                {
                    return length;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                lastFailure = ex;
            }
        }

        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        throw new ModelFetchException(
            $"Downloading {options.Url} failed after {options.MaxAttempts} attempts with {have} bytes received ({lastFailure?.Message ?? "transfer incomplete"}); " +
            (have > 0 ? "run the command again to resume." : "check the URL and the connection."),
            lastFailure ?? new IOException("transfer incomplete"));
    }

    /// <returns>The file length when complete; null when the transfer stopped early and should be resumed.</returns>
    private static async Task<long?> TryOnceAsync(HttpClient http, Uri url, string partial, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            // Asking past the end: the earlier transfer was complete if the server's total is what we have.
            if (response.Content.Headers.ContentRange?.Length == have)
            {
                return have;
            }

            File.Delete(partial);
            return null;
        }

        if ((int)response.StatusCode is >= 500 and < 600)
        {
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ModelFetchException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != have)
        {
            throw new ModelFetchException($"{url} answered a range request with another range ({response.Content.Headers.ContentRange}).");
        }

        long start = resumed ? have : 0; // a 200 means the server ignored the range: start over
        long? total = response.Content.Headers.ContentRange?.Length
            ?? (response.Content.Headers.ContentLength is long length ? start + length : null);

        await using (var file = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            long written = start;
            progress?.Report(new FetchProgress(FetchStage.Downloading, written, total));
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
                progress?.Report(new FetchProgress(FetchStage.Downloading, written, total));
            }
        }

        long received = new FileInfo(partial).Length;
        return total is null || received == total ? received : null;
    }
}
