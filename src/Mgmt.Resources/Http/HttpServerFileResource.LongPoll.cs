namespace Mgmt.Resources;

// Long poll (longpoll => true): the served content has a version, sent as Last-Modified. A client that asks with
// If-Modified-Since not older than the current version is held until the next version (or until it leaves, or
// the server stops: then 503 with Retry-After), and gets the new content at once. Versions advance by at least
// one second, so that HTTP's one-second dates never merge two versions; the http:client kind's long poll uses it.
public sealed partial class HttpServerFileResource
{
    private readonly Lock _versionLock = new();
    private DateTime _version;
    private TaskCompletionSource _nextVersion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The current version of the content (a time at one-second resolution), for tests and Last-Modified.</summary>
    internal DateTime Version
    {
        get
        {
            lock (_versionLock) return _version;
        }
    }

    private void StartVersions()
    {
        lock (_versionLock) _version = StaticContent.TruncateToSeconds(Context.Time.GetUtcNow().UtcDateTime);
    }

    /// <summary>The source file changed: a new version for long-poll clients, and a check for the engine.</summary>
    private void OnSourceChanged()
    {
        if (Longpoll) NextVersion();
        Context.Event();
    }

    /// <summary>Advances the version (strictly, at one-second resolution) and wakes every held request.</summary>
    private void NextVersion()
    {
        TaskCompletionSource woken;
        lock (_versionLock)
        {
            var now = StaticContent.TruncateToSeconds(Context.Time.GetUtcNow().UtcDateTime);
            _version = now > _version ? now : _version.AddSeconds(1);
            woken = _nextVersion;
            _nextVersion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>Answers a request, holding it until a newer version when it is a long poll for the current one.</summary>
    internal async ValueTask<HttpServerResponse> ServeAsync(HttpServerRequest request)
    {
        if (!Longpoll || request.Method is not ("GET" or "HEAD")) return Serve(request);
        var fresh = false;
        while (true)
        {
            Task next;
            DateTime version;
            lock (_versionLock)
            {
                next = _nextVersion.Task;
                version = _version;
            }
            if (fresh || !StaticContent.NotModified(request, version)) return ServeVersion(request, version, fresh);
            try
            {
                await next.WaitAsync(request.Aborted).ConfigureAwait(false);
                await SettleAsync(request.Aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                var retry = HttpServerResponse.Text(503, "503 the server is stopping; ask again");
                retry.Headers["Retry-After"] = "1";
                return retry;
            }
            fresh = true;
        }
    }

    /// <summary>
    /// Waits until the source has been quiet for a moment (at most half a second in all): a writer that truncates
    /// and then writes wakes the held clients at the truncation, and they must get what was written, not the empty
    /// file in between.
    /// </summary>
    private async Task SettleAsync(CancellationToken cancel)
    {
        if (Path.Length == 0) return;
        var quiet = TimeSpan.FromMilliseconds(25);
        var deadline = Context.Time.GetUtcNow() + TimeSpan.FromMilliseconds(500);
        while (Context.Time.GetUtcNow() < deadline)
        {
            Task next;
            lock (_versionLock) next = _nextVersion.Task;
            var woke = await Task.WhenAny(next, Task.Delay(quiet, Context.Time, cancel)).ConfigureAwait(false);
            if (woke != next) return;
        }
    }

    private HttpServerResponse ServeVersion(HttpServerRequest request, DateTime version, bool fresh)
    {
        if (Path.Length > 0) return StaticContent.ServeFile(request, Path, version, fresh);
        byte[] data;
        lock (_lock) data = _data;
        var response = StaticContent.ServeBytes(request, data, version, PublicPath, fresh);
        if (System.IO.Path.GetExtension(PublicPath).Length == 0 && response.Status == 200) response.Headers["Content-Type"] = "text/plain; charset=utf-8";
        return response;
    }
}
