using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CodeFormer.Network.Tests.Fetching;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving one file with Range support, able to cut a transfer off midway
/// (as a dropped connection would), and recording the Range header of every request.
/// </summary>
internal sealed class LocalFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly Task _loop;
    private int _cutsLeft;
    private long _cutAfterBytes;

    public LocalFileServer(byte[] content)
    {
        _content = content;
        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/codeformer.pth");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>"bytes=K-" per request, or "" for a request without a Range header.</summary>
    public ConcurrentQueue<string> Ranges { get; } = new();

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    private long _bytesSent;

    /// <summary>The next <paramref name="times"/> responses stop after <paramref name="bytes"/> bytes and drop the connection.</summary>
    public void CutOff(int times, long bytes)
    {
        _cutAfterBytes = bytes;
        Volatile.Write(ref _cutsLeft, times);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await RespondAsync(context);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.Url?.AbsolutePath != Url.AbsolutePath)
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            string? range = context.Request.Headers["Range"];
            Ranges.Enqueue(range ?? string.Empty);
            long start = 0;
            if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
            {
                start = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
                if (start >= _content.Length)
                {
                    response.StatusCode = 416;
                    response.Headers["Content-Range"] = $"bytes */{_content.Length}";
                    response.Close();
                    return;
                }

                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{_content.Length - 1}/{_content.Length}";
            }

            response.ContentLength64 = _content.Length - start;
            bool cut = Interlocked.Decrement(ref _cutsLeft) >= 0;
            long length = cut ? Math.Min(_cutAfterBytes, _content.Length - start) : _content.Length - start;
            await response.OutputStream.WriteAsync(_content.AsMemory((int)start, (int)length));
            Interlocked.Add(ref _bytesSent, length);
            if (cut)
            {
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }

            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            response.Abort();
        }
    }
}
