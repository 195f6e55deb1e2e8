using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server:file</c>: one file served by an <c>http:server</c>. The public path is <see cref="Filename"/>, or
/// the name. The content comes from <see cref="Path"/> on disk (read at each request, so it is always current) or
/// from <see cref="Data"/> (which may be received over send/recv). A <see cref="Path"/> ending in <c>/</c> serves
/// that whole directory below a public path that also ends in <c>/</c>, never outside it. It works only grouped into
/// an http:server.
/// </summary>
/// <remarks>
/// Nothing on the machine is changed. The watch follows <see cref="Path"/> so that the check can say when the
/// source disappears (requests get 404 meanwhile) or comes back; new data received counts as a change.
/// </remarks>
[ResourceKind("http:server:file")]
public sealed partial class HttpServerFileResource : Resource, IReceivable, IGroupable, IHttpServerMember
{
    private readonly Lock _lock = new();
    private byte[] _data = [];          // the inline content being served; guarded by _lock
    private string _dataText = "";      // the same, as text, to compare with Data; guarded by _lock
    private DateTime _dataModified;     // when _data last changed, for Last-Modified; guarded by _lock
    private bool? _sourcePresent;       // what the previous check saw at Path, to report only changes

    private bool _toldNotGrouped; // the warning of a member left without a server is said once

    /// <summary>The http:server to join; empty joins the only one (with several, name it).</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The URL path the file is served at; empty means the resource's name.</summary>
    [Param("filename")]
    public string Filename { get; set; } = "";

    /// <summary>The absolute path of the file (or, ending in /, the directory) to serve. Not with <see cref="Data"/>.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The content to serve. Not with <see cref="Path"/>; with neither, the file is empty.</summary>
    [Param("data")]
    public string Data { get; set; } = "";

    /// <summary>
    /// Lets clients wait for the next version (HTTP long poll): a request whose If-Modified-Since is not older than
    /// the current version is held until the content changes (see <c>HttpServerFileResource.LongPoll.cs</c>).
    /// </summary>
    [Param("longpoll")]
    public bool Longpoll { get; set; }

    public string PublicPath => Filename.Length > 0 ? Filename : Name;

    private bool ServesDirectory => Path.EndsWith('/');

    public override void Validate()
    {
        HttpServerMembership.ValidatePublicPath(PublicPath, "filename");
        if (Path.Length > 0 && !Path.StartsWith('/'))
        {
            throw new ResourceValidationException($"the path '{Path}' must be absolute (start with /)");
        }
        if (Path.Length > 0 && Data.Length > 0)
        {
            throw new ResourceValidationException("set either 'path' (a file on disk) or 'data' (the content itself), not both");
        }
        if (Longpoll && ServesDirectory)
        {
            throw new ResourceValidationException($"longpoll serves one file: it cannot be used with the directory '{Path}'");
        }
        if (ServesDirectory && !PublicPath.EndsWith('/'))
        {
            throw new ResourceValidationException(
                $"the path '{Path}' is a directory (it ends in /), so the filename must be a URL directory too: write '{PublicPath}/'");
        }
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        SetData(Data);
        StartVersions();
    }

    /// <summary>True when this member serves <paramref name="path"/>: exactly, or below its directory prefix.</summary>
    internal bool Answers(string path) =>
        path == PublicPath || (ServesDirectory && path.StartsWith(PublicPath, StringComparison.Ordinal));

    /// <summary>How well this member matches: an exact path beats a directory, a longer directory a shorter one.</summary>
    internal int Specificity(string path) => path == PublicPath ? int.MaxValue : PublicPath.Length;

    /// <summary>Answers a request for a path this member <see cref="Answers"/>.</summary>
    internal HttpServerResponse Serve(HttpServerRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return HttpServerResponse.MethodNotAllowed("GET", "HEAD");
        if (Path.Length == 0)
        {
            byte[] data;
            DateTime modified;
            lock (_lock)
            {
                data = _data;
                modified = _dataModified;
            }
            var response = StaticContent.ServeBytes(request, data, modified, PublicPath);
            if (System.IO.Path.GetExtension(PublicPath).Length == 0) response.Headers["Content-Type"] = "text/plain; charset=utf-8";
            return response;
        }
        if (!ServesDirectory) return StaticContent.ServeFile(request, Path);
        var file = ServedTree.Resolve(Path, request.Path[PublicPath.Length..]);
        return file is null ? HttpServerResponse.NotFound() : StaticContent.ServeFile(request, file);
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        if (Path.Length == 0)
        {
            await base.WatchAsync(cancel).ConfigureAwait(false);
            return;
        }
        var shared = Context.Services.GetService(typeof(InotifyHub)) as InotifyHub;
        var own = shared is null ? new InotifyHub(Context.Logger) : null;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var depth = ServesDirectory ? WatchDepth.Recursive : WatchDepth.Entry;
            using var subscription = (shared ?? own!).Subscribe(PathText.Clean(Path), depth, OnSourceChanged,
                e => failed.TrySetException(new IOException($"cannot watch {Path} any more: {e.Message}", e)));
            Context.Running();
            await failed.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            own?.Dispose();
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (HttpServerMembership.WarnNotGrouped(this, Server, Context.Logger, ref _toldNotGrouped)) return Task.FromResult(true);
        var same = true;
        if (Path.Length == 0)
        {
            bool differs;
            lock (_lock) differs = _dataText != Data;
            if (differs)
            {
                same = false;
                string served;
                lock (_lock) served = _dataText;
                Context.Changes.Content("data", Encoding.UTF8.GetBytes(served), Encoding.UTF8.GetBytes(Data));
                if (apply)
                {
                    SetData(Data);
                    NextVersion();
                    HttpLog.DataUpdated(Context.Logger, PublicPath, Encoding.UTF8.GetByteCount(Data));
                }
            }
        }
        else
        {
            var present = ServesDirectory ? Directory.Exists(Path) : File.Exists(Path);
            if (present != _sourcePresent)
            {
                if (!present) HttpLog.SourceMissing(Context.Logger, Path, PublicPath);
                else if (_sourcePresent is false) HttpLog.SourceBack(Context.Logger, Path);
                _sourcePresent = present;
            }
        }
        return Task.FromResult(same);
    }

    private void SetData(string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        lock (_lock)
        {
            _data = bytes;
            _dataText = data;
            _dataModified = Context.Time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Files join an http:server, not each other.</summary>
    public bool CanGroupWith(Resource other) => false;
}
