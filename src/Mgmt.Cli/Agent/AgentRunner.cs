using System.Runtime.InteropServices;
using Mgmt.Cli.FrontEnds;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Files;
using Mgmt.Platform.Native;
using Mgmt.Platform.Systemd;
using Mgmt.Platform.Watching;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

using Engine = Mgmt.Engine.Runtime.Engine;

/// <summary>
/// One run of the agent on this machine: it creates the engine, applies each graph the front end yields, and
/// stops on convergence (--converged-exit), on --max-runtime, or on signals, then returns the exit code.
/// </summary>
/// <remarks>
/// The first graph is special: if it is invalid or refused, nothing was applied and the agent stops with
/// <see cref="ExitCodes.BadInput"/>. A later bad graph is logged and the running graph stays in place.
/// </remarks>
public sealed partial class AgentRunner(AgentSettings settings, ILoggerFactory loggers, TextWriter errors, TimeProvider? time = null) : IAgentExit
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _log = loggers.CreateLogger("agent");
    private readonly TaskCompletionSource<StopReason> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when SIGINT/SIGTERM arrived while the world was starting (a clean stop, exit code 0).</summary>
    private volatile bool _stoppedWhileStarting;
    private readonly FailureTracker _failures = new();
    private volatile bool _programStopped; // the front end's program failed and no graph has replaced it since
    private readonly Lock _exitLock = new();
    private int _requestedExitCode; // written under _exitLock, only by the request that stops the agent

    /// <summary>Take over SIGINT/SIGTERM for this process (off when mgmt runs inside another program or a test).</summary>
    public bool HandleSignals { get; init; } = true;

    public async Task<int> RunAsync(IFrontEnd frontEnd, Func<string, string?> environment, CancellationToken cancel)
    {
        using var prefix = AgentPrefix.Resolve(settings, environment, _log);
        var hostname = settings.Hostname ?? Environment.MachineName;
        var registry = ResourceKinds.CreateRegistry();
        using var inotify = CreateInotifyHub();
        var services = new ServiceBag();
        if (inotify is not null) services.Add(inotify);
        // Temporary files that a killed agent left while replacing files: each directory is listed once.
        services.Add(new StaleTemporaryFiles());
        // One set of systemd bus connections for every svc and cron resource; it connects on first use.
        using var systemd = new SystemdConnections(SystemdSettings.FromEnvironment());
        services.Add(systemd);
        services.Add<IAgentExit>(this);
        services.Add(new KeyedLocks());
        services.Add(new HttpResponseBoard());
        // Which code runs here (a deploy's files, or the program given on the command line): deploy:tar archives it.
        services.Add(Deploys.AgentCode.For(frontEnd));
        var metrics = settings.Prometheus is not null ? new Observability.AgentMetrics() : null;
        if (metrics is not null) services.Add<Mgmt.Engine.Observability.IAgentMetrics>(metrics);
        // One long-running Puppet helper (per set of settings) for every pippet resource; it starts on first use.
        await using var puppetHelpers = new PuppetHelpers(loggers);
        services.Add(puppetHelpers);
        // The world starts first and stops last: resources and functions use it, and stopping it withdraws what
        // this host published (after the engine stopped, so nothing publishes again).
        await using var world = await StartWorldAsync(hostname, prefix.Path, metrics, cancel).ConfigureAwait(false);
        if (world is null) return _stoppedWhileStarting ? ExitCodes.Ok : ExitCodes.BadInput;
        services.Add(world.World);
        await using var engine = new Engine(new EngineOptions
        {
            Exports = world.Exports,
            Hostname = hostname,
            StateDirectory = Path.Combine(prefix.Path, "engine"),
            Loggers = loggers,
            Registry = registry,
            Services = services,
            Time = _time,
            Noop = settings.Noop,
            Sema = settings.Sema,
            AutoEdges = settings.AutoEdges,
            AutoGroup = settings.AutoGroup,
            ConvergerTimeout = settings.ConvergerTimeout < 0 ? null : TimeSpan.FromSeconds(settings.ConvergerTimeout),
        });
        engine.ResourceEvent += _failures.Observe;
        await using var status = new HostStatusPublisher(world.World, frontEnd.Name, frontEnd.Input, settings.ConvergerTimeout >= 0, _log, metrics);
        // An empty front end in a cluster follows the deploys (docs/deploys.md): it reads the policy and reports the running deploy.
        services.Add(settings.Deploys);
        services.Add(status);
        if (world.Membership is not null && frontEnd.Name != "empty") Log.NotFollowing(_log, frontEnd.Name);
        engine.Converger.StateChanged += status.Converged;
        await using var observability = await StartObservabilityAsync(engine, world, metrics, cancel).ConfigureAwait(false);
        if (observability is null) return ExitCodes.BadInput;
        if (settings.ConvergerStatusFile is { } statusPath)
        {
            var statusFile = new ConvergerStatusFile(statusPath, _log);
            engine.Converger.StateChanged += statusFile.Append;
        }
        Log.Starting(_log, hostname, prefix.Path, frontEnd.Name);

        using var ladder = new SignalLadder(_time, SignalLadder.DefaultEscalateAfter, (rung, signal) => Climb(engine, rung, signal));
        if (HandleSignals) ladder.Register();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var onCancel = cancel.Register(() => _stop.TrySetResult(StopReason.Cancelled));
        using var maxRuntime = settings.MaxRuntime > 0
            ? _time.CreateTimer(static s => ((AgentRunner)s!)._stop.TrySetResult(StopReason.MaxRuntime), this, TimeSpan.FromSeconds(settings.MaxRuntime), Timeout.InfiniteTimeSpan)
            : null;

        var context = new FrontEndContext
        {
            Registry = registry,
            Hostname = hostname,
            Loggers = loggers,
            Watch = settings.Watch,
            Time = _time,
            Services = services,
            Local = engine.Options.Local,
            Prefix = prefix.Path,
            HoldConvergence = engine.Converger.Hold,
        };
        var feed = FeedAsync(frontEnd, engine, context, running.Token);
        var reason = await _stop.Task.ConfigureAwait(false);
        Log.Stopping(_log, Describe(reason));
        if (settings.ConvergedExit && reason is StopReason.Converged or StopReason.MaxRuntime) LogSummary(engine);
        await running.CancelAsync().ConfigureAwait(false);
        using var slowStop = reason == StopReason.MaxRuntime ? InterruptIfSlow(engine) : null;
        try
        {
            await feed.ConfigureAwait(false);
            await engine.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ShutdownFailed(_log, e);
            return ExitCodes.Failure;
        }
        return ExitCode(reason, ladder);
    }

    /// <summary>
    /// Starts the world the cluster flags ask for. A failure (a port in use, unreachable seeds, a hostname taken by
    /// a live agent, a member data directory that is not ours) is reported plainly, and the run stops before
    /// anything was applied.
    /// </summary>
    private async Task<AgentWorld?> StartWorldAsync(string hostname, string prefix, Mgmt.Engine.Observability.IAgentMetrics? metrics, CancellationToken cancel)
    {
        // Starting may wait a long time (for a registrar, for etcd): SIGINT/SIGTERM then stop the start cleanly, so
        // that the temporary prefix and a started etcd member are cleaned up instead of the process dying at once.
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var registrations = new List<PosixSignalRegistration>();
        if (HandleSignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _stoppedWhileStarting = true;
                    starting.Cancel();
                }));
            }
        }
        try
        {
            var world = await AgentWorld.StartAsync(settings.Cluster, hostname, prefix, loggers, _time, starting.Token, metrics).ConfigureAwait(false);
            Log.WorldStarted(_log, Describe(world));
            return world;
        }
        catch (OperationCanceledException) when (_stoppedWhileStarting)
        {
            Log.StoppedWhileStarting(_log);
            return null;
        }
        catch (Exception e) when (e is World.WorldException or IOException or UnauthorizedAccessException)
        {
            // The world's messages say what to do; a file system refusal (the member's data directory) says where.
            errors.WriteLine($"mgmt: error: {e.Message}");
            errors.WriteLine("mgmt: nothing was changed; fix the cluster settings and run again");
            errors.Flush();
            return null;
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }

    private string Describe(AgentWorld world) => world.World switch
    {
        World.Embedded.EmbeddedWorld => "alone on this machine (embedded world; no cluster flag given)",
        _ when world.Member is { } member => $"in a cluster through etcd, running the first member on {string.Join(",", member.ClientUrls)}",
        _ when settings.Cluster.MayRunMember => "in a cluster through etcd, as a client that volunteers to run a member",
        _ => "in a cluster through etcd, as a client (--no-server)",
    };

    private async Task FeedAsync(IFrontEnd frontEnd, Engine engine, FrontEndContext context, CancellationToken cancel)
    {
        var first = true;
        try
        {
            await foreach (var result in frontEnd.GraphsAsync(context, cancel).ConfigureAwait(false))
            {
                if (result.Finished)
                {
                    _stop.TrySetResult(StopReason.FrontEndFinished);
                    return;
                }
                if (result.Graph is null)
                {
                    if (result.ProgramStopped && !first) _programStopped = true;
                    Refused(first, result.Errors.Select(e => e.ToString()), result.ProgramStopped);
                    if (first) return;
                    continue;
                }
                try
                {
                    await engine.CommitAsync(result.Graph, cancel).ConfigureAwait(false);
                }
                catch (GraphException e)
                {
                    Refused(first, [e.Message]);
                    if (first) return;
                    continue;
                }
                _programStopped = false;
                Log.GraphRunning(_log, result.Graph.Name, result.Graph.VertexCount, result.Graph.EdgeCount);
                WriteGraphviz(engine);
                if (first && settings.ConvergedExit) _ = WaitConvergedAsync(engine, cancel);
                first = false;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.FeedFailed(_log, e);
            _stop.TrySetResult(StopReason.InternalError);
        }
    }

    /// <summary>Reports a graph that cannot run: plainly on stderr for the first one (the run ends), as log lines later.</summary>
    private void Refused(bool first, IEnumerable<string> problems, bool programStopped = false)
    {
        if (first)
        {
            foreach (var p in problems) errors.WriteLine($"mgmt: error: {p}");
            errors.WriteLine("mgmt: nothing was changed; fix the input and run again");
            errors.Flush();
            _stop.TrySetResult(StopReason.BadInput);
            return;
        }
        foreach (var p in problems) Log.InputError(_log, p);
        // A program that stopped said so itself (no new graph was offered, so none was refused).
        if (!programStopped) Log.KeepingGraph(_log);
    }

    private async Task WaitConvergedAsync(Engine engine, CancellationToken cancel)
    {
        try
        {
            await engine.Converger.WaitConvergedAsync(cancel).ConfigureAwait(false);
            _stop.TrySetResult(StopReason.Converged);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            Log.FeedFailed(_log, e);
            _stop.TrySetResult(StopReason.InternalError);
        }
    }

    /// <summary>Replaces the --graphviz file (atomically: a reader never sees half a graph).</summary>
    private void WriteGraphviz(Engine engine)
    {
        if (settings.GraphvizFile is not { } file || engine.Current is not { } graph) return;
        try
        {
            using var text = new StringWriter();
            GraphvizWriter.Write(graph, text);
            AtomicFile.Write(Path.GetFullPath(file), System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.GraphvizFailed(_log, file, e.Message);
        }
    }

    /// <summary>
    /// --max-runtime is a deadline, so a stop it started must not wait forever for a running check: like the
    /// SIGTERM ladder, running checks are interrupted after a while, and the resources a while later.
    /// </summary>
    private ITimer InterruptIfSlow(Engine engine)
    {
        var step = 0;
        var after = SignalLadder.DefaultEscalateAfter;
        return _time.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref step) == 1)
            {
                Log.SlowStop(_log, (int)after.TotalSeconds);
                engine.SoftInterrupt();
            }
            else
            {
                engine.HardInterrupt();
            }
        }, null, after, after);
    }

    private void Climb(Engine engine, int rung, PosixSignal signal)
    {
        switch (rung)
        {
            case 1:
                Log.SignalShutdown(_log, signal.ToString());
                _stop.TrySetResult(StopReason.Signal);
                break;
            case 2:
                Log.SignalSoft(_log, signal.ToString());
                engine.SoftInterrupt();
                break;
            default:
                Log.SignalHard(_log, signal.ToString());
                engine.HardInterrupt();
                break;
        }
    }

    /// <summary>An <c>exit</c> resource asks to stop: the first request wins, as for the other ways to stop.</summary>
    public void RequestExit(int code, string requester)
    {
        lock (_exitLock)
        {
            if (_stop.Task.IsCompleted) return;
            _requestedExitCode = code;
            if (!_stop.TrySetResult(StopReason.ExitRequested)) return;
        }
        Log.ExitRequested(_log, requester, code);
    }

    private int ExitCode(StopReason reason, SignalLadder ladder)
    {
        switch (reason)
        {
            case StopReason.FrontEndFinished:
                return ExitCodes.Ok;
            case StopReason.ExitRequested:
                lock (_exitLock) return _requestedExitCode;
            case StopReason.BadInput:
                return ExitCodes.BadInput;
            case StopReason.InternalError:
                return ExitCodes.Failure;
            case StopReason.Signal or StopReason.Cancelled:
                return ladder.Rung >= 2 && ladder.FirstSignal is { } s ? ExitCodes.Interrupted(SignalLadder.Number(s)) : ExitCodes.Ok;
        }
        // Converged or out of time: the run ended by itself, so report how it went.
        var failed = _failures.Failed();
        if (failed.Count > 0)
        {
            Log.ResourcesFailed(_log, failed.Count, string.Join(", ", failed));
            return ExitCodes.Failure;
        }
        if (_programStopped)
        {
            Log.ProgramStopped(_log);
            return ExitCodes.Failure;
        }
        if (reason == StopReason.MaxRuntime && settings.ConvergedExit)
        {
            Log.NotConverged(_log, settings.MaxRuntime);
            return ExitCodes.NotConverged;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The one inotify instance every resource shares; without it each resource watches on its own.</summary>
    private InotifyHub? CreateInotifyHub()
    {
        try
        {
            return new InotifyHub(loggers.CreateLogger("inotify"));
        }
        catch (PosixException e)
        {
            Log.NoInotify(_log, e.Message);
            return null;
        }
    }

    private static string Describe(StopReason reason) => reason switch
    {
        StopReason.Converged => "converged",
        StopReason.MaxRuntime => "the maximum run time was reached",
        StopReason.Signal => "asked to stop by a signal",
        StopReason.BadInput => "the input is invalid",
        StopReason.Cancelled => "cancelled",
        StopReason.ExitRequested => "an exit resource asked to stop",
        StopReason.FrontEndFinished => "the front end has nothing to run",
        _ => "an internal error",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "stopped by a signal while starting (before the world was connected): nothing was changed")]
        public static partial void StoppedWhileStarting(ILogger logger);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "starting on {Hostname} with prefix {Prefix}, front end {FrontEnd}")]
        public static partial void Starting(ILogger logger, string hostname, string prefix, string frontEnd);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "graph {Name} is running ({Vertices} resources, {Edges} edges)")]
        public static partial void GraphRunning(ILogger logger, string name, int vertices, int edges);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "{Problem}")]
        public static partial void InputError(ILogger logger, string problem);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "the new graph was not applied; the previous graph keeps running")]
        public static partial void KeepingGraph(ILogger logger);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "stopping: {Reason}")]
        public static partial void Stopping(ILogger logger, string reason);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "{Signal}: shutting down; running checks may finish (signal again to interrupt them)")]
        public static partial void SignalShutdown(ILogger logger, string signal);

        [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "{Signal}: second step of stopping: interrupting running checks (signal again to interrupt resources)")]
        public static partial void SignalSoft(ILogger logger, string signal);

        [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "{Signal}: third step of stopping: interrupting resources (killing running commands)")]
        public static partial void SignalHard(ILogger logger, string signal);

        [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "{Count} resource(s) failed: {Resources}")]
        public static partial void ResourcesFailed(ILogger logger, int count, string resources);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "the graph did not converge within --max-runtime {Seconds} s")]
        public static partial void NotConverged(ILogger logger, int seconds);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "cannot write the graphviz file {File}: {Reason}")]
        public static partial void GraphvizFailed(ILogger logger, string file, string reason);

        [LoggerMessage(EventId = 1013, Level = LogLevel.Critical, Message = "internal error while running the graph; please report it")]
        public static partial void FeedFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "the shutdown is still waiting after {Seconds} s: interrupting running checks")]
        public static partial void SlowStop(ILogger logger, int seconds);

        [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "cannot create the shared inotify watcher ({Reason}); resources will watch on their own")]
        public static partial void NoInotify(ILogger logger, string reason);

        [LoggerMessage(EventId = 1017, Level = LogLevel.Error, Message = "the program had stopped with an error; the machine was left as its last graph made it")]
        public static partial void ProgramStopped(ILogger logger);

        [LoggerMessage(EventId = 1018, Level = LogLevel.Information, Message = "world: {How}")]
        public static partial void WorldStarted(ILogger logger, string how);

        [LoggerMessage(EventId = 1019, Level = LogLevel.Warning, Message = "{Resource} asks the agent to stop with exit code {Code}")]
        public static partial void ExitRequested(ILogger logger, string resource, int code);

        [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "this agent runs its own {FrontEnd} input and does not follow the cluster's deploys ('mgmt run empty' follows them)")]
        public static partial void NotFollowing(ILogger logger, string frontEnd);

        [LoggerMessage(EventId = 1014, Level = LogLevel.Critical, Message = "internal error while shutting down; please report it")]
        public static partial void ShutdownFailed(ILogger logger, Exception exception);
    }
}
