using System.Security.Cryptography;
using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:client</c>: downloads <see cref="Url"/> into a file and sends the body (<c>content</c>) to other resources.
/// The file is <see cref="File"/>, else the name when it is an absolute file path, else a file in the resource's state
/// directory. A download replaces the file atomically; the server's Last-Modified becomes the file's mtime, so that
/// the next request asks "only if newer" (If-Modified-Since) and a 304 leaves everything alone. A refresh from a
/// parent downloads again unconditionally. What the last request got (status and file) is published for the
/// <c>net/http.response</c> function.
/// </summary>
/// <remarks>
/// <para>Without <see cref="Longpoll"/> the resource checks the server when it starts, when its file changes on disk
/// and on each <c>Meta:poll</c> tick (set one to follow the server). With it, the watch keeps one request open to a
/// long-poll endpoint (such as an <c>http:server:file</c> with <c>longpoll => true</c>) and checks when it answers;
/// see <c>HttpClientResource.LongPoll.cs</c>.</para>
/// <para>In noop mode only GET and HEAD are sent (another method could change the server), and nothing is written.</para>
/// </remarks>
[ResourceKind("http:client")]
[Sends("content", "str")]
public sealed partial class HttpClientResource : Resource, IRefreshable, ISendable
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    // One connection pool for every http:client; no overall timeout (Meta:timeout bounds a check, and a long poll
    // waits as long as the server holds it). Redirects are followed by hand (see SendFollowingAsync).
    private static readonly HttpClient Shared = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private string? _destination;
    private HttpResponseBoard? _board;

    /// <summary>The absolute path of the file to write; empty uses the name when it is an absolute file path.</summary>
    [Param("file")]
    public string File { get; set; } = "";

    /// <summary>The HTTP method, in upper case; empty means GET.</summary>
    [Param("method")]
    public string Method { get; set; } = "";

    /// <summary>The http:// or https:// URL to request.</summary>
    [Param("url")]
    public string Url { get; set; } = "";

    /// <summary>The request body (empty: none).</summary>
    [Param("body")]
    public string Body { get; set; } = "";

    /// <summary>Ask the server with If-Modified-Since (the file's mtime) and keep the file on 304. On by default.</summary>
    [Param("mtime_check")]
    public bool MtimeCheck { get; set; } = true;

    /// <summary>The expected SHA-256 of the body (lower-case hex): a download that differs is refused; a file that matches is not fetched again.</summary>
    [Param("sha256")]
    public string Sha256 { get; set; } = "";

    /// <summary>The server is a long-poll endpoint: the watch holds a request open and checks when it answers.</summary>
    [Param("longpoll")]
    public bool Longpoll { get; set; }

    /// <summary>Long poll where the server redirects once it watches: each redirect wakes a check.</summary>
    [Param("longpoll_redirect")]
    public bool LongpollRedirect { get; set; }

    /// <summary>Long poll where the server holds conditional requests (If-Modified-Since, <c>Prefer: wait=N</c>) until a newer version.</summary>
    [Param("longpoll_conditional")]
    public bool LongpollConditional { get; set; }

    internal string EffectiveMethod => Method.Length > 0 ? Method : "GET";

    /// <summary>The file the body goes to (known after Init).</summary>
    internal string Destination => _destination ?? throw new InvalidOperationException($"{this} used before Init");

    private string ConfiguredDestination => File.Length > 0 ? File : Name.StartsWith('/') && !Name.EndsWith('/') ? Name : "";

    public override void Validate()
    {
        var file = ConfiguredDestination;
        if (File.Length > 0 && !File.StartsWith('/')) throw new ResourceValidationException($"the file '{File}' must be an absolute path (start with /)");
        if (file.EndsWith('/')) throw new ResourceValidationException($"the file '{file}' is a directory path (it ends in /); name a file");
        if (!Methods.Contains(EffectiveMethod))
        {
            throw new ResourceValidationException(Methods.Contains(EffectiveMethod.ToUpperInvariant())
                ? $"write the method in upper case: '{EffectiveMethod.ToUpperInvariant()}', not '{Method}'"
                : $"the method '{Method}' is not one of {string.Join(", ", Methods)}");
        }
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ResourceValidationException($"the url '{Url}' must be an absolute http:// or https:// URL");
        }
        if (url.Host.Length == 0) throw new ResourceValidationException($"the url '{Url}' has no host");
        if (Sha256.Length > 0 && (Sha256.Length != 64 || !Sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')))
        {
            throw new ResourceValidationException($"the sha256 '{Sha256}' must be 64 lower-case hexadecimal digits");
        }
        if (Longpoll && Meta.Poll != 0) throw new ResourceValidationException("longpoll and Meta:poll exclude each other: the long poll is the watch, polling replaces the watch");
        if (LongpollRedirect && LongpollConditional) throw new ResourceValidationException("choose one of longpoll_redirect and longpoll_conditional, not both");
        if (Longpoll && !LongpollRedirect && !LongpollConditional)
        {
            throw new ResourceValidationException("longpoll needs the server's kind of long poll: set longpoll_conditional (it holds If-Modified-Since requests) or longpoll_redirect (it redirects once it watches)");
        }
        if (!Longpoll && (LongpollRedirect || LongpollConditional)) throw new ResourceValidationException("longpoll_redirect and longpoll_conditional only apply with longpoll => true");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _destination = ConfiguredDestination.Length > 0 ? ConfiguredDestination : System.IO.Path.Combine(context.VarDir("http-client"), "content");
        _board = context.Services.GetService(typeof(HttpResponseBoard)) as HttpResponseBoard;
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var outcome = new Outcome();
        var (pending, consumed) = TakePending();
        try
        {
            var ok = pending is not null
                ? await ProcessAsync(pending, apply, outcome, cancel).ConfigureAwait(false)
                : await CheckWithRequestAsync(apply, outcome, cancel).ConfigureAwait(false);
            Publish(outcome, failed: false);
            return ok;
        }
        catch (Exception) when (!cancel.IsCancellationRequested)
        {
            Publish(outcome, failed: true);
            throw;
        }
        finally
        {
            consumed?.TrySetResult(); // the long poll may ask again
        }
    }

    private async Task<bool> CheckWithRequestAsync(bool apply, Outcome outcome, CancellationToken cancel)
    {
        var exists = System.IO.File.Exists(Destination);
        // A file that matches the expected hash is the right one: no request needed (unless a parent asks).
        if (exists && Sha256.Length > 0 && !Context.Refresh && HashOf(Destination) == Sha256)
        {
            SendFile();
            outcome.Set(200, Destination);
            return true;
        }
        // Without long poll, a long-poll server would hold a conditional request until its next version, so a
        // check with long poll on asks unconditionally (the watch does the waiting). Same for a refresh.
        if (Longpoll && exists && !Context.Refresh)
        {
            SendFile();
            return true;
        }
        if (!apply && EffectiveMethod is not ("GET" or "HEAD"))
        {
            Context.Changes.Action($"send {EffectiveMethod} {Url}");
            return false;
        }
        var conditional = MtimeCheck && !Context.Refresh && !Longpoll;
        using var request = NewRequest(conditional, wait: false);
        var response = await SendFollowingAsync(request, onRedirect: null, cancel).ConfigureAwait(false);
        return await ProcessAsync(response, apply, outcome, cancel).ConfigureAwait(false);
    }

    /// <summary>Builds the request; <paramref name="conditional"/> adds If-Modified-Since from the file's mtime.</summary>
    private HttpRequestMessage NewRequest(bool conditional, bool wait)
    {
        var request = new HttpRequestMessage(new HttpMethod(EffectiveMethod), Url);
        if (Body.Length > 0) request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        if (conditional && Cursor() is { } since) request.Headers.IfModifiedSince = since;
        if (wait) request.Headers.TryAddWithoutValidation("Prefer", $"wait={LongPollWaitSeconds}");
        return request;
    }

    /// <summary>Sends the request and follows up to ten redirects by hand, calling <paramref name="onRedirect"/> at each.</summary>
    private async Task<HttpResponseMessage> SendFollowingAsync(HttpRequestMessage first, Func<Task>? onRedirect, CancellationToken cancel)
    {
        var request = first;
        for (var hop = 0; ; hop++)
        {
            var response = await Shared.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;
            response.Dispose();
            if (hop == 10) throw new HttpRequestException($"{Url} redirected more than 10 times");
            if (onRedirect is not null) await onRedirect().ConfigureAwait(false);
            var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            if (target.Scheme is not ("http" or "https")) throw new HttpRequestException($"{Url} redirected to '{target}', which is not an http or https URL");
            var method = status == 303 ? HttpMethod.Get : request.Method;
            var next = new HttpRequestMessage(method, target);
            if (method != HttpMethod.Get && Body.Length > 0) next.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            foreach (var (name, values) in request.Headers) next.Headers.TryAddWithoutValidation(name, values);
            if (!ReferenceEquals(request, first)) request.Dispose();
            request = next;
        }
    }

    /// <summary>Handles a response (and disposes it): keep the file on 304, write it on 200, fail on anything else.</summary>
    private async Task<bool> ProcessAsync(HttpResponseMessage response, bool apply, Outcome outcome, CancellationToken cancel)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status == 304 && MtimeCheck && System.IO.File.Exists(Destination))
            {
                SendFile();
                outcome.Set(304, Destination);
                return true;
            }
            if (status != 200)
            {
                outcome.Set(status, "");
                throw new HttpRequestException($"{EffectiveMethod} {Url} answered {status} {response.ReasonPhrase}; only 200 (or 304 for an unchanged file) is accepted");
            }
            if (!apply)
            {
                NoteUnwrittenVersion(response);
                Context.Changes.Action($"download {Url} into {Destination}");
                return false;
            }
            return await DownloadAsync(response, outcome, cancel).ConfigureAwait(false);
        }
    }

    private async Task<bool> DownloadAsync(HttpResponseMessage response, Outcome outcome, CancellationToken cancel)
    {
        var before = System.IO.File.Exists(Destination) ? HashOf(Destination) : null;
        await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        // A stop cuts the download: disposing the response ends the blocking read below.
        await using var cut = cancel.Register(response.Dispose);
        string? got = null;
        // The body is streamed into a temporary file and hashed on the way; a wrong hash leaves the old file.
        AtomicFile.WriteStreaming(Destination, output =>
        {
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = body.Read(buffer)) > 0)
            {
                hasher.AppendData(buffer, 0, n);
                output.Write(buffer, 0, n);
            }
            got = Convert.ToHexStringLower(hasher.GetHashAndReset());
            if (Sha256.Length > 0 && got != Sha256)
            {
                throw new InvalidDataException($"the body of {Url} has the SHA-256 {got}, not the expected {Sha256}; the file is left as it was");
            }
        });
        // The server's version becomes the file's mtime: the cursor of the next conditional request.
        if (response.Content.Headers.LastModified is { } modified) System.IO.File.SetLastWriteTimeUtc(Destination, modified.UtcDateTime);
        SendFile();
        outcome.Set(200, Destination);
        if (before == got) return true;
        Context.Changes.Set("sha256", before, got);
        HttpLog.Downloaded(Context.Logger, Url, Destination);
        return false;
    }

    private void SendFile() =>
        Context.Send(new Dictionary<string, Value> { ["content"] = Value.Str(System.IO.File.ReadAllText(Destination, Encoding.UTF8)) });

    private static string HashOf(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Publishes what this check found for <c>net/http.response</c>. A 304 is not news: the last status stays (or
    /// becomes 200 when nothing was published yet, since the file is valid). A failure without a status is -1.
    /// </summary>
    private void Publish(Outcome outcome, bool failed)
    {
        if (_board is null) return;
        var status = outcome.Status;
        if (status == 0)
        {
            if (!failed) return;
            status = -1;
        }
        if (status == 304)
        {
            if (_board.Get(Name).Status != 0) return;
            status = 200;
        }
        _board.Set(Name, new HttpResponseState(status, outcome.Path));
    }

    /// <summary>The status and file a check ends with (status 0: nothing new to say).</summary>
    private sealed class Outcome
    {
        public int Status { get; private set; }

        public string Path { get; private set; } = "";

        public void Set(int status, string path)
        {
            Status = status;
            Path = path;
        }
    }
}
