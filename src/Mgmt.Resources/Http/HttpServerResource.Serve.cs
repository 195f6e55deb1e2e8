using Mgmt.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Mgmt.Resources;

// Watch (the server's lifetime) and the routing of requests to the grouped members and the root directory.
public sealed partial class HttpServerResource
{
    private HttpServerFlagResource[] _flags = [];
    private HttpServerFileResource[] _files = [];
    private HttpServerUiResource[] _uis = [];
    private HttpServerProxyResource[] _proxies = [];
    private CancellationTokenSource _stopping = new();

    public override async Task WatchAsync(CancellationToken cancel)
    {
        // The group is fixed for the life of this resource object: a new group is a new vertex.
        _flags = [.. GroupedMembers.OfType<HttpServerFlagResource>()];
        _files = [.. GroupedMembers.OfType<HttpServerFileResource>()];
        _uis = [.. GroupedMembers.OfType<HttpServerUiResource>()];
        _proxies = [.. GroupedMembers.OfType<HttpServerProxyResource>()];
        HandInputsToUis();
        var address = HttpListenAddress.Parse(EffectiveAddress);
        using var stopping = new CancellationTokenSource();
        _stopping = stopping;
        var server = await HttpHost.StartAsync(HostOptions(address), HandleAsync, Context.Logger, cancel).ConfigureAwait(false);
        _server = server;
        using var membersStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        // The members' watches report through their own contexts, which wake this vertex.
        var watches = GroupedMembers.Select(m => m.WatchAsync(membersStop.Token)).ToList();
        try
        {
            HttpLog.Listening(Context.Logger, server.Url, _files.Length, _flags.Length, _uis.Length);
            if (address.IsAllInterfaces) HttpLog.AllInterfaces(Context.Logger, address.ToString());
            Context.Running();
            var stopped = Task.Delay(System.Threading.Timeout.Infinite, cancel);
            var running = new List<Task>(watches) { stopped };
            while (true)
            {
                var ended = await Task.WhenAny(running).ConfigureAwait(false);
                if (ended == stopped) return;
                await ended.ConfigureAwait(false); // a member's watch failed: the group's watch fails with it
                running.Remove(ended);
            }
        }
        finally
        {
            // Requests that wait (long polls) are answered now, so that the stop does not wait for them.
            await stopping.CancelAsync().ConfigureAwait(false);
            await membersStop.CancelAsync().ConfigureAwait(false);
            await server.StopAsync(ShutdownGrace).ConfigureAwait(false);
            _server = null;
            try
            {
                await Task.WhenAll(watches).ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                // Stopping: a member watch that ends badly on the way out changes nothing.
            }
            HttpLog.Stopped(Context.Logger, address.ToString());
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (await HttpExchange.ReadAsync(context, aborted.Token).ConfigureAwait(false) is not { } request) return;
        HttpServerResponse response;
        try
        {
            response = await RouteAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.Aborted.IsCancellationRequested)
        {
            return; // the client left (or the server stops) while a member waited
        }
        catch (Exception e)
        {
            HttpLog.HandlerFailed(Context.Logger, request.Method, request.Path, e.Message);
            response = HttpServerResponse.Text(500, "500 internal server error");
        }
        HttpLog.Served(Context.Logger, request.Method, request.Path, response.Status);
        await HttpExchange.WriteAsync(context, response).ConfigureAwait(false);
    }

    private ValueTask<HttpServerResponse> RouteAsync(HttpServerRequest request)
    {
        // A proxy waits for its upstream server and a long-poll file may hold the request; the rest answers at once.
        if (!TakenByFlagOrUi(request.Path) && BestProxy(request.Path) is { } proxy) return proxy.ServeAsync(request);
        if (BestFile(request.Path) is { Longpoll: true } file && !TakenByFlagOrUi(request.Path)) return file.ServeAsync(request);
        return ValueTask.FromResult(Route(request));
    }

    private bool TakenByFlagOrUi(string path) => _flags.Any(f => f.Answers(path)) || _uis.Any(u => u.Answers(path));

    /// <summary>The proxy with the longest public path that takes <paramref name="path"/>.</summary>
    private HttpServerProxyResource? BestProxy(string path) =>
        _proxies.Where(p => p.Answers(path)).MaxBy(p => p.PublicPath.Length);

    private HttpServerFileResource? BestFile(string path)
    {
        HttpServerFileResource? best = null;
        foreach (var file in _files)
        {
            if (file.Answers(path) && (best is null || file.Specificity(path) > best.Specificity(path))) best = file;
        }
        return best;
    }

    private HttpServerResponse Route(HttpServerRequest request)
    {
        var path = request.Path;
        var taken = false;
        List<string>? flagMethods = null;
        foreach (var flag in _flags)
        {
            if (!flag.Answers(path)) continue;
            if (flag.EffectiveMethod == request.Method)
            {
                flag.Take(request);
                taken = true;
            }
            else
            {
                (flagMethods ??= []).Add(flag.EffectiveMethod);
            }
        }
        if (taken) return HttpServerResponse.Content(200, [], "text/plain; charset=utf-8");

        foreach (var ui in _uis)
        {
            if (ui.Answers(path)) return ui.Serve(request);
        }

        if (BestFile(path) is { } best) return best.Serve(request);

        if (Root.Length > 0 && request.Method is ("GET" or "HEAD") && ServedTree.Resolve(Root, path) is { } found)
        {
            return StaticContent.ServeFile(request, found);
        }
        if (flagMethods is not null) return HttpServerResponse.MethodNotAllowed([.. flagMethods.Distinct()]);
        if (Root.Length > 0 && request.Method is not ("GET" or "HEAD")) return HttpServerResponse.MethodNotAllowed("GET", "HEAD");
        return HttpServerResponse.NotFound();
    }

    /// <summary>
    /// Gives each ui the inputs that name it (an input without a name goes to the only ui). An input left without a
    /// ui (its ui is not on this server, or several could take it) says so in its check.
    /// </summary>
    private void HandInputsToUis()
    {
        var inputs = GroupedMembers.OfType<HttpServerUiInputResource>().ToList();
        foreach (var input in inputs) input.Ui = null;
        foreach (var ui in _uis)
        {
            ui.Attach(inputs.Where(i => i.Path == ui.Name || (i.Path.Length == 0 && _uis.Length == 1)));
        }
    }
}
