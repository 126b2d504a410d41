using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace CodeFormer.Cli.Commands;

/// <summary>
/// Finds out whether <c>serve --url</c> can be listened on before serve opens its storage, so that a busy port is one
/// error line and leaves no folder or lock behind. It binds a socket to the address and lets it go: a server that
/// takes the port in the moment between is still caught by Kestrel's own bind.
/// </summary>
internal static class ListenCheck
{
    /// <returns>Why <paramref name="url"/> cannot be listened on, or null when it can (or when port 0 lets the system pick).</returns>
    public static string? Problem(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException ex)
        {
            return $"--url '{url}' is not a listening address: {ex.Message}";
        }

        if (address.IsUnixPipe || address.Port == 0)
        {
            return null;
        }

        foreach (var ip in Addresses(address.Host))
        {
            using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(ip, address.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return $"{url} is already in use by another process; stop it or choose another --url.";
            }
            catch (SocketException ex) when (ex.SocketErrorCode != SocketError.AddressFamilyNotSupported)
            {
                return $"cannot listen on {url}: {ex.Message}";
            }
        }

        return null;
    }

    /// <summary>The addresses Kestrel binds for a URL's host: loopback for localhost, the given address, else all.</summary>
    private static IPAddress[] Addresses(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
        : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip]
        : [IPAddress.Any];
}
