using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// Reads HTTP/1.x requests one after the other from a connection: the request line, the headers and a body
/// framed by Content-Length. Bytes read past one request stay buffered for the next (pipelining).
/// </summary>
internal sealed class HttpRequestReader(Stream stream)
{
    /// <summary>The request line and headers together may not be longer than this.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    /// <summary>Bodies larger than this are refused: flags and forms are small.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private byte[] _buffer = new byte[8 * 1024];
    private int _start;
    private int _end;

    /// <summary>True once bytes of the next request arrived (the connection is no longer idle).</summary>
    public bool HasBufferedBytes => _end > _start;

    /// <summary>
    /// Reads the next request head, or returns null when the client closed the connection between requests.
    /// Throws <see cref="HttpProtocolException"/> for a malformed or oversized request.
    /// </summary>
    public async Task<(string Method, string Target, string Version, Dictionary<string, string> Headers)?> ReadHeadAsync(CancellationToken cancel)
    {
        int headEnd;
        while ((headEnd = FindHeadEnd()) < 0)
        {
            if (_end - _start >= MaxHeadBytes) throw new HttpProtocolException(431, "the request head is too large");
            if (!await FillAsync(cancel).ConfigureAwait(false))
            {
                if (_end == _start) return null;
                throw new HttpProtocolException(400, "the connection closed in the middle of a request");
            }
        }
        var head = Encoding.Latin1.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;

        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new HttpProtocolException(400, "the request line is malformed");
        }
        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0")) throw new HttpProtocolException(505, "only HTTP/1.0 and HTTP/1.1 are supported");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new HttpProtocolException(400, "a header line is malformed");
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        return (parts[0], parts[1], parts[2], headers);
    }

    /// <summary>Reads a body of exactly <paramref name="length"/> bytes.</summary>
    public async Task<byte[]> ReadBodyAsync(int length, CancellationToken cancel)
    {
        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_end == _start && !await FillAsync(cancel).ConfigureAwait(false))
            {
                throw new HttpProtocolException(400, "the connection closed before the whole body arrived");
            }
            var n = Math.Min(length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, copied, n);
            _start += n;
            copied += n;
        }
        return body;
    }

    private int FindHeadEnd()
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        var i = span.IndexOf("\r\n\r\n"u8);
        return i < 0 ? -1 : _start + i;
    }

    private async Task<bool> FillAsync(CancellationToken cancel)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxHeadBytes + 8 * 1024));
        var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
        if (n == 0) return false;
        _end += n;
        return true;
    }
}

/// <summary>The client sent something the server cannot take; answered with <see cref="Status"/>, then the connection closes.</summary>
internal sealed class HttpProtocolException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
