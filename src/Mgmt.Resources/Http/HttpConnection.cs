using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// One client connection of the embedded server: reads requests, hands them to the handler and writes the
/// answers, for as long as the client keeps the connection alive and the server is not stopping.
/// </summary>
internal sealed class HttpConnection(
    Socket socket, HttpServerLimits limits, HttpRequestHandler handler, ILogger logger, CancellationToken stopReading, CancellationToken abort)
{
    public async Task RunAsync()
    {
        await Task.Yield(); // never run a connection on the accept loop's stack
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new HttpRequestReader(stream);
        try
        {
            while (await ServeOneAsync(stream, reader).ConfigureAwait(false))
            {
            }
        }
        catch (HttpProtocolException e)
        {
            HttpLog.BadRequest(logger, e.Message);
            await TryWriteAsync(stream, HttpServerResponse.Text(e.Status, e.Message), head: false, keepAlive: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Timed out, stopped, or the client went away: the connection just ends.
        }
    }

    /// <summary>Serves one request; false when the connection should close afterwards (or the client closed it).</summary>
    private async Task<bool> ServeOneAsync(NetworkStream stream, HttpRequestReader reader)
    {
        HttpServerRequest request;
        bool keepAlive;
        using (var reading = CancellationTokenSource.CreateLinkedTokenSource(stopReading, abort))
        {
            if (limits.Read is { } read) reading.CancelAfter(read);
            var head = await reader.ReadHeadAsync(reading.Token).ConfigureAwait(false);
            if (head is not { } h) return false;
            keepAlive = KeepAlive(h.Version, h.Headers);
            if (h.Headers.ContainsKey("Transfer-Encoding"))
            {
                throw new HttpProtocolException(411, "chunked request bodies are not supported; send a Content-Length");
            }
            var length = ContentLength(h.Headers);
            if (length > 0 && h.Headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), reading.Token).ConfigureAwait(false);
            }
            var body = length == 0 ? [] : await reader.ReadBodyAsync(length, reading.Token).ConfigureAwait(false);
            var (path, query) = SplitTarget(h.Target);
            request = new HttpServerRequest(h.Method, path, query, h.Headers, body);
        }

        HttpServerResponse response;
        try
        {
            response = await handler(request, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            HttpLog.HandlerFailed(logger, request.Method, request.Path, e.Message);
            response = HttpServerResponse.Text(500, "500 internal server error");
        }
        using (response)
        {
            HttpLog.Served(logger, request.Method, request.Path, response.Status);
            keepAlive &= !stopReading.IsCancellationRequested;
            await WriteAsync(stream, response, request.IsHead, keepAlive).ConfigureAwait(false);
        }
        return keepAlive;
    }

    private static bool KeepAlive(string version, Dictionary<string, string> headers)
    {
        var connection = headers.GetValueOrDefault("Connection") ?? "";
        if (connection.Contains("close", StringComparison.OrdinalIgnoreCase)) return false;
        return version == "HTTP/1.1" || connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);
    }

    private static int ContentLength(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Content-Length", out var text)) return 0;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new HttpProtocolException(400, "the Content-Length is not a number");
        }
        if (length > HttpRequestReader.MaxBodyBytes)
        {
            throw new HttpProtocolException(413, $"the request body is larger than {HttpRequestReader.MaxBodyBytes} bytes");
        }
        return (int)length;
    }

    /// <summary>The decoded path and the raw query of a request target (<c>/a%20b?x=1</c> or <c>http://host/a</c>).</summary>
    internal static (string Path, string Query) SplitTarget(string target)
    {
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var afterScheme = target.IndexOf("//", StringComparison.Ordinal) + 2;
            var slash = target.IndexOf('/', afterScheme);
            target = slash < 0 ? "/" : target[slash..];
        }
        if (!target.StartsWith('/')) throw new HttpProtocolException(400, "the request target must be a path starting with /");
        var question = target.IndexOf('?');
        var rawPath = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        string path;
        try
        {
            path = Uri.UnescapeDataString(rawPath);
        }
        catch (UriFormatException)
        {
            throw new HttpProtocolException(400, "the request path is not valid percent-encoding");
        }
        if (path.Contains('\0')) throw new HttpProtocolException(400, "the request path contains a NUL character");
        return (path, query);
    }

    private async Task WriteAsync(NetworkStream stream, HttpServerResponse response, bool head, bool keepAlive)
    {
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(abort);
        if (limits.Write is { } write) writing.CancelAfter(write);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {HttpServerResponse.Reason(response.Status)}\r\n");
        sb.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("Server: mgmt\r\n");
        foreach (var (name, value) in response.Headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        if (response.HasBody) sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Length}\r\n");
        sb.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        sb.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(sb.ToString()), writing.Token).ConfigureAwait(false);
        if (head || !response.HasBody) return;
        if (response.Bytes is { } bytes) await stream.WriteAsync(bytes, writing.Token).ConfigureAwait(false);
        else if (response.Stream is { } body) await CopyExactlyAsync(body, stream, response.Length, writing.Token).ConfigureAwait(false);
    }

    /// <summary>Copies the announced length and no more: a file that grew meanwhile must not break the framing.</summary>
    private static async Task CopyExactlyAsync(Stream from, Stream to, long length, CancellationToken cancel)
    {
        var buffer = new byte[64 * 1024];
        while (length > 0)
        {
            var n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancel).ConfigureAwait(false);
            if (n == 0) throw new IOException("the file shrank while it was being sent");
            await to.WriteAsync(buffer.AsMemory(0, n), cancel).ConfigureAwait(false);
            length -= n;
        }
    }

    private async Task TryWriteAsync(NetworkStream stream, HttpServerResponse response, bool head, bool keepAlive)
    {
        try
        {
            using (response) await WriteAsync(stream, response, head, keepAlive).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }
}
