using System.Globalization;
using System.Net;

namespace Mgmt.Platform.Http;

/// <summary>
/// Where an HTTP endpoint of mgmt (an <c>http:server</c>, the metrics, the web view) listens: <c>host:port</c> with an IP address as the host (<c>127.0.0.1:8080</c>,
/// <c>[::1]:8080</c>), or <c>:port</c> for every interface.
/// </summary>
public sealed record HttpListenAddress(IPAddress? Host, int Port)
{
    /// <summary>True when the server is reachable on every interface, not just one address.</summary>
    public bool IsAllInterfaces => Host is null || Host.Equals(IPAddress.Any) || Host.Equals(IPAddress.IPv6Any);

    /// <summary>True when only this machine can reach the address (127.0.0.0/8, ::1).</summary>
    public bool IsLoopback => Host is not null && IPAddress.IsLoopback(Host);

    /// <summary>Parses <paramref name="text"/>, or throws a <see cref="FormatException"/> saying what is wrong.</summary>
    public static HttpListenAddress Parse(string text)
    {
        if (text.Length == 0) throw new FormatException("the address is empty; write host:port, such as 127.0.0.1:8080, or :8080 for every interface");
        var colon = text.LastIndexOf(':');
        if (colon < 0) throw new FormatException($"address '{text}' has no port; write host:port, such as 127.0.0.1:8080");
        var hostText = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"address '{text}' has an invalid port '{portText}'; use a number from 0 to 65535");
        }
        if (hostText.Length == 0) return new HttpListenAddress(null, port);

        var bracketed = hostText.StartsWith('[') && hostText.EndsWith(']');
        if (bracketed) hostText = hostText[1..^1];
        else if (hostText.Contains(':'))
        {
            throw new FormatException($"address '{text}': put an IPv6 host in brackets, such as [::1]:8080");
        }
        if (!IPAddress.TryParse(hostText, out var host) || (bracketed && host.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            throw new FormatException($"address '{text}': the host '{hostText}' is not an IP address; use one such as 127.0.0.1 or [::1], or leave it empty (:port) for every interface");
        }
        return new HttpListenAddress(host, port);
    }

    public override string ToString()
    {
        if (Host is null) return ":" + Port.ToString(CultureInfo.InvariantCulture);
        var host = Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]" : Host.ToString();
        return host + ":" + Port.ToString(CultureInfo.InvariantCulture);
    }
}
