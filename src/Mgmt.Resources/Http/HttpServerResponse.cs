using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// What a handler answers: a status, extra headers and a body, either bytes or an open file that the server
/// streams and then closes. The server adds the framing headers (date, connection).
/// </summary>
internal sealed class HttpServerResponse : IDisposable
{
    private HttpServerResponse(int status, byte[]? bytes, Stream? stream, long length)
    {
        Status = status;
        Bytes = bytes;
        Stream = stream;
        Length = length;
    }

    public int Status { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? Bytes { get; }

    public Stream? Stream { get; }

    /// <summary>The body length, sent as Content-Length (also for HEAD, where no body follows); -1 when unknown (chunked).</summary>
    public long Length { get; }

    /// <summary>False for statuses that never carry a body (304).</summary>
    public bool HasBody => Status is not (204 or 304);

    public static HttpServerResponse Content(int status, byte[] body, string contentType)
    {
        var r = new HttpServerResponse(status, body, null, body.Length);
        r.Headers["Content-Type"] = contentType;
        return r;
    }

    /// <summary>A short plain-text answer, such as the body of a 404.</summary>
    public static HttpServerResponse Text(int status, string text) =>
        Content(status, Encoding.UTF8.GetBytes(text + "\n"), "text/plain; charset=utf-8");

    /// <summary>An open file, streamed and then disposed by the server.</summary>
    public static HttpServerResponse File(Stream stream, long length, string contentType)
    {
        var r = new HttpServerResponse(200, null, stream, length);
        r.Headers["Content-Type"] = contentType;
        return r;
    }

    /// <summary>A stream of a length that may be unknown (-1), such as a body relayed from another server.</summary>
    public static HttpServerResponse Relayed(Stream stream, long length, string? contentType)
    {
        var r = new HttpServerResponse(200, null, stream, length);
        if (contentType is not null) r.Headers["Content-Type"] = contentType;
        return r;
    }

    public static HttpServerResponse NotModified() => new(304, null, null, 0);

    public static HttpServerResponse NotFound() => Text(404, "404 page not found");

    public static HttpServerResponse MethodNotAllowed(params string[] allowed)
    {
        var r = Text(405, "405 method not allowed");
        r.Headers["Allow"] = string.Join(", ", allowed);
        return r;
    }

    public void Dispose() => Stream?.Dispose();
}
