using System.Globalization;

namespace Mgmt.Resources;

/// <summary>
/// Answers GET and HEAD for a file on disk or for bytes in memory: content type from the name, Last-Modified,
/// and 304 when the client's copy is current.
/// </summary>
internal static class StaticContent
{
    /// <summary>
    /// Serves the file at <paramref name="path"/>; <paramref name="modified"/> replaces its modification time (the
    /// long-poll version), and <paramref name="fresh"/> ignores the client's If-Modified-Since (it waited for news).
    /// </summary>
    public static HttpServerResponse ServeFile(HttpServerRequest request, string path, DateTime? modified = null, bool fresh = false)
    {
        if (Directory.Exists(path)) return HttpServerResponse.NotFound(); // directories are never listed
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return HttpServerResponse.NotFound();
        }
        catch (UnauthorizedAccessException)
        {
            return HttpServerResponse.Text(403, "403 forbidden");
        }
        try
        {
            var lastWrite = modified ?? File.GetLastWriteTimeUtc(path);
            if (!fresh && NotModified(request, lastWrite))
            {
                stream.Dispose();
                return WithModified(HttpServerResponse.NotModified(), lastWrite);
            }
            return WithModified(HttpServerResponse.File(stream, stream.Length, ContentType(path)), lastWrite);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static HttpServerResponse ServeBytes(HttpServerRequest request, byte[] content, DateTime modifiedUtc, string name, bool fresh = false)
    {
        if (!fresh && NotModified(request, modifiedUtc)) return WithModified(HttpServerResponse.NotModified(), modifiedUtc);
        return WithModified(HttpServerResponse.Content(200, content, ContentType(name)), modifiedUtc);
    }

    /// <summary>True when the client's If-Modified-Since is not older than the content (at HTTP's one-second resolution).</summary>
    internal static bool NotModified(HttpServerRequest request, DateTime modifiedUtc)
    {
        if (request.Header("If-Modified-Since") is not { } since) return false;
        if (!DateTimeOffset.TryParseExact(since, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var client)) return false;
        return TruncateToSeconds(modifiedUtc) <= client.UtcDateTime;
    }

    private static HttpServerResponse WithModified(HttpServerResponse response, DateTime modifiedUtc)
    {
        response.Headers["Last-Modified"] = TruncateToSeconds(modifiedUtc).ToString("r", CultureInfo.InvariantCulture);
        return response;
    }

    internal static DateTime TruncateToSeconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>The media type for a file name; unknown kinds are sent as plain bytes.</summary>
    public static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".txt" or ".text" or ".log" or ".conf" or ".cfg" or ".ini" or ".sh" or ".mcl" => "text/plain; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".xml" => "application/xml",
        ".yaml" or ".yml" => "application/yaml",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".ico" => "image/x-icon",
        ".wasm" => "application/wasm",
        ".pdf" => "application/pdf",
        ".gz" => "application/gzip",
        ".tar" => "application/x-tar",
        _ => "application/octet-stream",
    };
}
