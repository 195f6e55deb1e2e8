using System.Runtime.InteropServices;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Lang;
using Mgmt.Lang.Core;
using Mgmt.Lang.Files;
using Mgmt.Lang.Runtime;
using Mgmt.Platform.Watching;
using Mgmt.Resources;

namespace Mgmt.Bench;

/// <summary>
/// Runs an mcl program the way the agent does (compile, function graph, every new resource graph committed to a
/// real engine, one shared inotify hub), inside this process. It stands in for `mgmt run lang` where the binary
/// does not offer that front end, and gives B7 a measurement without a process boundary. It does not log.
/// </summary>
internal sealed class LangHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly InotifyHub _hub;
    private readonly Engine.Runtime.Engine _engine;
    private readonly ProgramRuntime _runtime;
    private readonly Task _feed;
    private int _graphs;

    private LangHost(InotifyHub hub, Engine.Runtime.Engine engine, ProgramRuntime runtime)
    {
        _hub = hub;
        _engine = engine;
        _runtime = runtime;
        _feed = FeedAsync();
    }

    /// <summary>How many resource graphs the program produced so far.</summary>
    public int Graphs => Volatile.Read(ref _graphs);

    /// <summary>The feed of graphs; it ends with the program's error, or when the host is disposed.</summary>
    public Task Feed => _feed;

    public static LangHost Start(string programFile, string stateDirectory)
    {
        var path = Path.GetFullPath(programFile);
        var files = new DiskSourceFiles(Path.GetDirectoryName(path)!);
        var registry = ResourceKinds.CreateRegistry();
        var program = Compiler.Check(new CompileInput(files, "/" + Path.GetFileName(path), CoreLibrary.Create(), registry));
        var hub = new InotifyHub();
        var services = new SingleService(hub);
        var local = new LocalValues();
        var engine = new Engine.Runtime.Engine(new EngineOptions
        {
            Hostname = Environment.MachineName,
            StateDirectory = Path.Combine(stateDirectory, "engine"),
            Registry = registry,
            Services = services,
            Local = local,
        });
        var runtime = ProgramRuntime.Create(program, new RuntimeOptions
        {
            Hostname = Environment.MachineName,
            Resources = registry,
            Services = services,
            Local = local,
            StateDirectory = Path.Combine(stateDirectory, "lang"),
        });
        return new LangHost(hub, engine, runtime);
    }

    private async Task FeedAsync()
    {
        await Task.Yield();
        try
        {
            await foreach (ResourceGraph graph in _runtime.RunAsync(_stop.Token).ConfigureAwait(false))
            {
                await _engine.CommitAsync(graph, _stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _graphs);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // A failed program was already reported through Feed; stopping must not throw it again.
        await _feed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _engine.ShutdownAsync();
        await _engine.DisposeAsync();
        await _runtime.DisposeAsync();
        _hub.Dispose();
        _stop.Dispose();
    }

    /// <summary>`mgmt-bench host`: runs the program until --seconds pass (0: until SIGTERM or SIGINT).</summary>
    public static async Task<int> RunFromCommandLineAsync(Options options)
    {
        var state = options.TextOrNull("state") ?? Directory.CreateTempSubdirectory("mgmt-bench-host-").FullName;
        var seconds = options.Int("seconds", 0);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        await using var host = Start(options.Text("program"), state);
        var waits = new List<Task> { stopped.Task, host.Feed };
        if (seconds > 0) waits.Add(Task.Delay(TimeSpan.FromSeconds(seconds)));
        await Task.WhenAny(waits);
        if (host.Feed.IsFaulted)
        {
            Console.Error.WriteLine($"mgmt-bench: the program failed: {host.Feed.Exception!.InnerException!.Message}");
            return 1;
        }
        return 0;
    }

    private sealed class SingleService(InotifyHub hub) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(InotifyHub) ? hub : null;
    }
}
