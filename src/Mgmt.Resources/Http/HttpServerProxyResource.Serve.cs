using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Answering one request: map its path to the upstream URL and the cache file, serve the cached copy when there is
// one, else relay the upstream answer (and keep a copy).
public sealed partial class HttpServerProxyResource
{
    /// <summary>Where a request path goes: the upstream URL (null without head) and the cache file (null without cache, or for a directory).</summary>
    internal sealed record ProxyTarget(string? UpstreamUrl, string? CacheFile);

    /// <summary>
    /// Maps <paramref name="requestPath"/>; null when it is not below the public path or the sub prefix (404). A path
    /// with empty, <c>.</c> or <c>..</c> segments is refused, so nothing outside the cache can be named.
    /// </summary>
    internal ProxyTarget? Map(string requestPath)
    {
        if (!requestPath.StartsWith('/')) return null;
        var segments = requestPath[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i] is "." or ".." || (segments[i].Length == 0 && !last)) return null;
        }
        if (!Answers(requestPath)) return null;
        if (Sub.Length > 0 && !requestPath.StartsWith(Sub, StringComparison.Ordinal)) return null;
        // Without sub the whole path follows head, without its leading / (head already ends with one).
        var tail = Sub.Length > 0 ? requestPath[Sub.Length..] : requestPath[1..];
        var upstream = Head.Length > 0 ? Head + tail : null;
        string? cacheFile = null;
        if (Cache.Length > 0 && !requestPath.EndsWith('/'))
        {
            // Below a tree, the part after the public path; a single-file path keeps its file name.
            var relative = PublicPath.EndsWith('/') ? requestPath[PublicPath.Length..] : requestPath[(requestPath.LastIndexOf('/') + 1)..];
            cacheFile = Cache + relative;
        }
        return new ProxyTarget(upstream, cacheFile);
    }

    /// <summary>Answers a request routed to this proxy. Called from the server's request handler.</summary>
    internal async ValueTask<HttpServerResponse> ServeAsync(HttpServerRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return HttpServerResponse.MethodNotAllowed("GET", "HEAD");
        if (Map(request.Path) is not { } target) return HttpServerResponse.NotFound();
        if (target.CacheFile is { } cached && File.Exists(cached)) return StaticContent.ServeFile(request, cached);
        if (target.UpstreamUrl is not { } url) return HttpServerResponse.NotFound(); // cache only, and not in it

        var upstream = new HttpRequestMessage(new HttpMethod(request.Method), url);
        HttpResponseMessage answer;
        try
        {
            answer = await Upstream.SendAsync(upstream, HttpCompletionOption.ResponseHeadersRead, request.Aborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            upstream.Dispose();
            HttpLog.ProxyProblem(Context.Logger, $"{request.Method} {url} failed: {e.Message}");
            return HttpServerResponse.Text(502, "502 the upstream server could not be reached");
        }
        upstream.Dispose();
        var status = (int)answer.StatusCode;
        HttpLog.Proxied(Context.Logger, request.Method, url, status);
        if (status != 200)
        {
            answer.Dispose();
            return HttpServerResponse.Text(404, $"404 the upstream server answered {status}");
        }
        var length = answer.Content.Headers.ContentLength ?? -1;
        var modified = answer.Content.Headers.LastModified?.UtcDateTime ?? DateTime.UtcNow;
        Stream body = await answer.Content.ReadAsStreamAsync(request.Aborted).ConfigureAwait(false);
        if (request.Method == "GET" && target.CacheFile is { } file)
        {
            try
            {
                body = new CachingStream(body, file, modified, length, Context.Logger);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                HttpLog.ProxyProblem(Context.Logger, $"cannot keep {url} in the cache at {file}: {e.Message}; it is relayed only");
            }
        }
        var response = HttpServerResponse.Relayed(new OwningStream(body, answer), length, StaticContent.ContentType(request.Path));
        response.Headers["Last-Modified"] = modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return response;
    }

    /// <summary>A body that also disposes the upstream response when the server is done with it.</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Copies what is read into a temporary file beside the cache file, and renames it into place at the end of a
    /// complete body (its length as announced, when announced). Disposed before the end, it removes the temporary file.
    /// </summary>
    private sealed class CachingStream : Stream
    {
        private readonly Stream _inner;
        private readonly string _file;
        private readonly string _temporary;
        private readonly DateTime _modified;
        private readonly long _expected;
        private readonly Microsoft.Extensions.Logging.ILogger _logger;
        private readonly FileStream _copy;
        private long _written;
        private bool _done;

        public CachingStream(Stream inner, string file, DateTime modified, long expected, Microsoft.Extensions.Logging.ILogger logger)
        {
            _inner = inner;
            _file = file;
            _modified = modified;
            _expected = expected;
            _logger = logger;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            _temporary = AtomicFile.TemporaryPathFor(file);
            _copy = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n > 0)
            {
                await _copy.WriteAsync(buffer[..n], cancellationToken).ConfigureAwait(false);
                _written += n;
            }
            else if (!_done)
            {
                _done = true;
                Keep();
            }
            return n;
        }

        private void Keep()
        {
            _copy.Flush(flushToDisk: true);
            _copy.Dispose();
            if (_expected >= 0 && _written != _expected)
            {
                Posix.Unlink(_temporary);
                HttpLog.ProxyProblem(_logger, $"the upstream body for {_file} ended after {_written} of {_expected} bytes; not kept in the cache");
                return;
            }
            File.SetLastWriteTimeUtc(_temporary, _modified);
            File.Move(_temporary, _file, overwrite: true);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                if (!_done)
                {
                    _copy.Dispose();
                    Posix.Unlink(_temporary);
                }
            }
            base.Dispose(disposing);
        }
    }
}
