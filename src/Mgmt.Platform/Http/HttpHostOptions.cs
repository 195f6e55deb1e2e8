using System.Security.Cryptography.X509Certificates;

namespace Mgmt.Platform.Http;

/// <summary>
/// How one <see cref="HttpHost"/> listens: where, with which certificate (none: plain HTTP), which credentials it
/// asks for (none: anyone may ask), and its time and size limits.
/// </summary>
public sealed record HttpHostOptions
{
    /// <summary>The address and port to bind; port 0 lets the system choose (see <see cref="HttpHost.LocalEndPoint"/>).</summary>
    public required HttpListenAddress Address { get; init; }

    /// <summary>The server's certificate with its private key; null serves plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The user and password every request must carry (HTTP basic authentication); null asks for none.</summary>
    public BasicCredentials? Credentials { get; init; }

    /// <summary>The realm named in the 401 answer's challenge.</summary>
    public string Realm { get; init; } = "mgmt";

    /// <summary>How long a client may take to send a request's headers, and how long a kept-alive connection may idle.</summary>
    public TimeSpan? ReadTimeout { get; init; }

    /// <summary>How long one response may take to write; a slower one is cut.</summary>
    public TimeSpan? WriteTimeout { get; init; }

    /// <summary>The largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;
}
