using Mgmt.Engine.Runtime;
using Mgmt.Platform.Http;
using Mgmt.World;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Observability;

using Engine = Mgmt.Engine.Runtime.Engine;

/// <summary>
/// The live web view (<c>--ui ADDR</c>): a page that draws the running resource graph and follows every vertex's
/// state as it changes (server-sent events), with a panel per vertex (parameters, last change with its diff, last
/// error), and a page of the world's hosts. Read-only; its assets are embedded in the binary.
/// </summary>
internal sealed partial class LiveView : IAsyncDisposable
{
    private readonly Engine _engine;
    private readonly IClusterFacts _cluster;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private HttpHost? _host;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveView(Engine engine, IClusterFacts cluster, ILogger logger)
    {
        _engine = engine;
        _cluster = cluster;
        _logger = logger;
        engine.ResourceEvent += _ => Poke();
        engine.Converger.StateChanged += _ => Poke();
    }

    /// <summary>The view's address, such as <c>http://127.0.0.1:8080</c>.</summary>
    public string Url => _host?.Url ?? "";

    public static async Task<LiveView> StartAsync(HttpListenAddress address, Engine engine, IWorld world, ILogger logger, CancellationToken cancel)
    {
        var view = new LiveView(engine, new WorldClusterFacts(world), logger);
        view._host = await HttpHost.StartAsync(new HttpHostOptions { Address = address, MaxRequestBodyBytes = 0 }, view.ServeAsync, logger, cancel)
            .ConfigureAwait(false);
        Serving(logger, view.Url);
        if (address.IsAllInterfaces) EveryInterface(logger, address.ToString());
        return view;
    }

    /// <summary>Something changed: the event streams send a new snapshot.</summary>
    private void Poke() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }
        // The page must not be framed by another site, nor load anything from elsewhere.
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'";
        context.Response.Headers.CacheControl = "no-store";
        switch (request.Path.Value)
        {
            case "/api/graph":
                await WriteJsonAsync(context, LiveViewJson.Graph(_engine)).ConfigureAwait(false);
                return;
            case "/api/hosts":
                await WriteJsonAsync(context, LiveViewJson.Hosts(await _cluster.ReadAsync(context.RequestAborted).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case "/api/events":
                await StreamAsync(context).ConfigureAwait(false);
                return;
        }
        if (LiveViewAssets.Find(request.Path.Value ?? "/") is not { } asset)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("404 not found\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Bytes.Length;
        if (!HttpMethods.IsHead(request.Method)) await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, byte[] json)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-sent events: a <c>status</c> event with every vertex's state whenever one changes (and at least every
    /// few seconds, which also keeps proxies from closing the stream), until the client leaves or the agent stops.
    /// </summary>
    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stop.Token);
        byte[]? last = null;
        try
        {
            while (!done.IsCancellationRequested)
            {
                var changed = Volatile.Read(ref _changed).Task;
                var snapshot = LiveViewJson.Status(_engine);
                if (last is null || !snapshot.AsSpan().SequenceEqual(last))
                {
                    await context.Response.WriteAsync("event: status\ndata: ", done.Token).ConfigureAwait(false);
                    await context.Response.Body.WriteAsync(snapshot, done.Token).ConfigureAwait(false);
                    await context.Response.WriteAsync("\n\n", done.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                    last = snapshot;
                }
                // A short pause gathers a burst of events into one message; the timeout re-checks what has no event (waiting).
                await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(2), done.Token)).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(50), done.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, or the agent stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_host is not null) await _host.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "serving the live view at {Url}")]
    private static partial void Serving(ILogger logger, string url);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "the live view listens on every interface ({Address}): any network this machine is on can see the graph and its parameters")]
    private static partial void EveryInterface(ILogger logger, string address);
}
