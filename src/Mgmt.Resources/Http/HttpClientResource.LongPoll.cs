namespace Mgmt.Resources;

// The watch. It always follows the destination file (someone else changing it makes a check put it back). With
// longpoll it also keeps one request open: the server answers when it has a newer version (conditional long poll:
// If-Modified-Since with the file's mtime, and "Prefer: wait=60" after the first request) or redirects once it
// watches (redirect long poll: each redirect wakes a check). The answer is handed to the next check, which
// consumes its body, so no second request is needed; the next long poll only starts once that check is done.
// A 503 with Retry-After (a server that stops) is waited out, and a request that fails (no connection) is retried
// with growing pauses for a grace period (from the first failure, or from the 503) before the watch fails, so
// that a server restarting does not fail the watch.
public sealed partial class HttpClientResource
{
    /// <summary>The seconds a conditional long poll asks the server to hold the request (<c>Prefer: wait</c>).</summary>
    internal const int LongPollWaitSeconds = 60;

    /// <summary>How long failed requests are retried before the watch fails.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private readonly Lock _pendingLock = new();
    private HttpResponseMessage? _pending;        // an answer of the long poll for the next check; guarded by _pendingLock
    private TaskCompletionSource? _consumed;       // completed when a check took it; guarded by _pendingLock
    private DateTimeOffset? _unwrittenVersion;     // a newer version seen in noop mode, not written; guarded by _pendingLock

    public override Task WatchAsync(CancellationToken cancel)
    {
        var file = new SystemWatch().File(Destination).RunAsync(Context, $"the file {Destination}", cancel);
        return Longpoll ? WatchWithLongPollAsync(file, cancel) : file;
    }

    private async Task WatchWithLongPollAsync(Task fileWatch, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var poll = LongPollAsync(stop.Token);
        try
        {
            // Whichever ends first (a failure: both run until cancelled) ends the watch.
            var first = await Task.WhenAny(fileWatch, poll).ConfigureAwait(false);
            await first.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(fileWatch, poll).ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested || stop.IsCancellationRequested)
            {
                // Stopping: how the other half ends changes nothing.
            }
            lock (_pendingLock)
            {
                _pending?.Dispose();
                _pending = null;
                _consumed?.TrySetResult();
            }
        }
    }

    private async Task LongPollAsync(CancellationToken cancel)
    {
        var wait = false;
        DateTime? graceUntil = null;
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            HttpResponseMessage response;
            using (var request = NewRequest(conditional: MtimeCheck, wait: wait && LongpollConditional))
            {
                wait = true;
                try
                {
                    response = await SendFollowingAsync(request, LongpollRedirect ? OnRedirect : null, cancel).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (graceUntil is not { } until || DateTime.UtcNow < until)
                {
                    graceUntil ??= DateTime.UtcNow + Grace;
                    HttpLog.LongPollRetry(Context.Logger, Url, e.Message, delay.TotalSeconds);
                    await Task.Delay(delay, cancel).ConfigureAwait(false);
                    delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, Grace.TotalSeconds));
                    continue;
                }
                catch (HttpRequestException e)
                {
                    throw new IOException($"the long poll of {Url} failed: {e.Message}", e);
                }
            }
            if (RetryAfter(response) is { } pause)
            {
                response.Dispose();
                HttpLog.LongPollRetry(Context.Logger, Url, "the server asked to come back later", pause.TotalSeconds);
                await Task.Delay(pause, cancel).ConfigureAwait(false);
                graceUntil = DateTime.UtcNow + Grace;
                delay = TimeSpan.FromSeconds(1);
                continue;
            }
            graceUntil = null;
            delay = TimeSpan.FromSeconds(1);
            var consumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pendingLock)
            {
                _pending?.Dispose();
                _pending = response;
                _consumed = consumed;
            }
            Context.Event();
            // Back-pressure: the next long poll waits until a check consumed this answer.
            await consumed.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
    }

    private Task OnRedirect()
    {
        Context.Event();
        return Task.CompletedTask;
    }

    /// <summary>The pause a 503 with Retry-After asks for (seconds or a date, capped to a minute); null for any other answer.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if ((int)response.StatusCode != 503 || response.Headers.RetryAfter is not { } retry) return null;
        var pause = retry.Delta ?? (retry.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
        if (pause < TimeSpan.Zero) pause = TimeSpan.Zero;
        return pause > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : pause;
    }

    /// <summary>Takes the long poll's answer waiting for this check, with what to complete once it is consumed.</summary>
    private (HttpResponseMessage? Response, TaskCompletionSource? Consumed) TakePending()
    {
        lock (_pendingLock)
        {
            var taken = (_pending, _pending is null ? null : _consumed);
            _pending = null;
            return taken;
        }
    }

    /// <summary>In noop mode a newer version is not written; remembering it keeps the long poll from asking for it again and again.</summary>
    private void NoteUnwrittenVersion(HttpResponseMessage response)
    {
        if (response.Content.Headers.LastModified is not { } modified) return;
        lock (_pendingLock)
        {
            if (_unwrittenVersion is null || modified > _unwrittenVersion) _unwrittenVersion = modified;
        }
    }

    /// <summary>The version the file holds (its mtime), or a newer one seen in noop mode; null when there is no file.</summary>
    private DateTimeOffset? Cursor()
    {
        DateTimeOffset? cursor = System.IO.File.Exists(Destination) ? new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(Destination)) : null;
        lock (_pendingLock)
        {
            if (_unwrittenVersion is { } seen && (cursor is null || seen > cursor)) cursor = seen;
        }
        return cursor;
    }
}
