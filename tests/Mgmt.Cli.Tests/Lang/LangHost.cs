using Mgmt.Cli.Agent;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Lang;
using Mgmt.Cli.Logging;
using Mgmt.Engine.Graph;
using Mgmt.Platform.Watching;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>
/// The mcl front end in process, as the agent would host it: a scratch directory for the program, the shared
/// inotify hub, a prefix, and the front end's results taken one at a time. A generous timeout only guards against
/// a hang; no test measures speed.
/// </summary>
internal sealed class LangHost : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly StringWriter _log = new();
    private readonly LineLoggerFactory _loggers;
    private readonly InotifyHub _hub = new();
    private readonly CancellationTokenSource _cancel = new();
    private IAsyncEnumerator<FrontEndResult>? _results;
    private Task<bool>? _moving;

    public LangHost(bool watch = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("mgmt-lang-test-").FullName;
        Prefix = System.IO.Directory.CreateTempSubdirectory("mgmt-lang-prefix-").FullName;
        _loggers = new LineLoggerFactory(TextWriter.Synchronized(_log), LogLevel.Debug);
        Context = new FrontEndContext
        {
            Registry = ResourceKinds.CreateRegistry(),
            Hostname = "testhost",
            Loggers = _loggers,
            Watch = watch,
            Services = new ServiceBag().Add(_hub),
            Prefix = Prefix,
        };
    }

    /// <summary>The program's directory.</summary>
    public string Directory { get; }

    public string Prefix { get; }

    public FrontEndContext Context { get; }

    public string Log => _log.ToString();

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Writes a file of the program (or a data file it reads) the way an editor saves: a new file renamed over the old.</summary>
    public string Write(string name, string text)
    {
        var path = Path(name);
        var temp = path + ".saving";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Starts the front end on <paramref name="input"/> (a file or directory of <see cref="Directory"/>, or a full path).</summary>
    public void Start(string input, Func<TextReader>? stdin = null)
    {
        var frontEnd = new LangFrontEnd(System.IO.Path.IsPathRooted(input) || input == "-" ? input : Path(input), stdin is null ? () => Stream.Null : () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin().ReadToEnd())));
        _results = frontEnd.GraphsAsync(Context, _cancel.Token).GetAsyncEnumerator(_cancel.Token);
    }

    /// <summary>The next result; fails when the stream ends.</summary>
    public async Task<FrontEndResult> NextAsync()
    {
        Assert.True(await MoveAsync(HangGuard), "the front end ended");
        return _results!.Current;
    }

    /// <summary>The next result, which must be a graph.</summary>
    public async Task<ResourceGraph> NextGraphAsync()
    {
        var result = await NextAsync();
        Assert.True(result.Graph is not null, $"expected a graph, got: {string.Join("\n", result.Errors)}");
        return result.Graph;
    }

    /// <summary>True when the stream ended; false when it produced a result.</summary>
    public async Task<bool> EndsAsync() => !await MoveAsync(HangGuard);

    /// <summary>True when nothing comes within <paramref name="wait"/> (the pending request stays for the next call).</summary>
    public async Task<bool> QuietForAsync(TimeSpan wait)
    {
        _moving ??= _results!.MoveNextAsync().AsTask();
        var done = await Task.WhenAny(_moving, Task.Delay(wait, TestContext.Current.CancellationToken));
        return done != _moving;
    }

    public static string? Content(ResourceGraph graph, string path) =>
        (graph.Find("file", path) as FileResource)?.Content;

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        if (_results is not null)
        {
            try
            {
                if (_moving is not null) await _moving;
            }
            catch (OperationCanceledException)
            {
            }
            await _results.DisposeAsync();
        }
        _hub.Dispose();
        _loggers.Dispose();
        _cancel.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        System.IO.Directory.Delete(Prefix, recursive: true);
    }

    private async Task<bool> MoveAsync(TimeSpan timeout)
    {
        var moving = _moving ?? _results!.MoveNextAsync().AsTask();
        _moving = moving;
        var more = await moving.WaitAsync(timeout);
        _moving = null;
        return more;
    }
}
