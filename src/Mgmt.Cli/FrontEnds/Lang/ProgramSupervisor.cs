using Mgmt.Lang.Diagnostics;
using Mgmt.Platform.Watching;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Runs an mcl program for the agent and follows its sources: <see cref="NextAsync"/> hands out, one at a time, each
/// graph the running program yields and each problem worth reporting.
/// </summary>
/// <remarks>
/// <para>An edit of the sources is compiled and started next to the running program; only when the edited program
/// yields its first graph does that graph go to the agent, and the old program is stopped once it is committed. An
/// edit that does not compile, or whose program fails before its first graph, is reported and the running program
/// carries on. An edit that leaves the sources as they were (a touch, a save without change) restarts nothing.</para>
/// <para>A run-time error of the running program stops it: the error is reported and the machine keeps the last
/// graph until mgmt stops or an edit brings a program that runs. Before any graph went out, an error is final (the
/// agent exits, nothing was changed).</para>
/// </remarks>
internal sealed class ProgramSupervisor : IAsyncDisposable
{
    /// <summary>How long the sources must stay quiet after a change before they are compiled again.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    private readonly ProgramBuilder _builder;
    private readonly ILogger _log;
    private readonly SourceWatcher? _watcher;
    private readonly Func<IDisposable>? _holdConvergence;
    private ProgramSession? _current;   // the program whose graphs the agent runs
    private ProgramSession? _candidate; // an edited program, until its first graph
    private ProgramSession? _retired;   // replaced by the candidate; stopped once the agent committed the new graph
    private Task? _change;              // the watcher's pending wait
    private bool _started;
    private bool _ended;
    private bool _anyGraph;             // a graph went to the agent: from now on errors are not final
    private string? _lastProblem;       // the last compile error shown: an editor that saves twice shows it once

    public ProgramSupervisor(ProgramBuilder builder, FrontEndContext context)
    {
        _builder = builder;
        _log = context.Loggers.CreateLogger("lang");
        _holdConvergence = context.HoldConvergence;
        if (!context.Watch || !builder.Input.CanWatch) return;
        if (context.Services.GetService(typeof(InotifyHub)) is InotifyHub hub)
        {
            _watcher = new SourceWatcher(hub, context.Time, Debounce);
        }
        else
        {
            LangLog.CannotFollow(_log, builder.Input.Description);
        }
    }

    /// <summary>
    /// The next graph or problem for the agent; null when nothing more will come (the program failed before its
    /// first graph, or it stopped and its sources are not followed). Throws <see cref="OperationCanceledException"/>
    /// when <paramref name="cancel"/> fires.
    /// </summary>
    public async Task<FrontEndResult?> NextAsync(CancellationToken cancel)
    {
        if (_ended) return null;
        if (!_started)
        {
            _started = true;
            if (Start(cancel) is { } failed) return failed;
        }
        await SettleAsync().ConfigureAwait(false);
        while (true)
        {
            if (_watcher is not null) _change ??= _watcher.WaitAsync(cancel);
            var waits = new List<Task>(3);
            if (_candidate?.Next is { } c) waits.Add(c);
            if (_current?.Next is { } n) waits.Add(n);
            if (_change is not null) waits.Add(_change);
            if (waits.Count == 0) return null;
            await Task.WhenAny(waits).WaitAsync(cancel).ConfigureAwait(false);

            FrontEndResult? result;
            if (_candidate?.Next is { IsCompleted: true }) result = await OnCandidateAsync().ConfigureAwait(false);
            else if (_current?.Next is { IsCompleted: true }) result = await OnCurrentAsync().ConfigureAwait(false);
            else result = await OnChangeAsync(cancel).ConfigureAwait(false);
            if (result is not null) return result;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        foreach (var session in new[] { _candidate, _current, _retired })
        {
            if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
        }
        _candidate = _current = _retired = null;
    }

    /// <summary>The first compilation: a mistake here ends everything (the agent exits without touching anything).</summary>
    private FrontEndResult? Start(CancellationToken cancel)
    {
        BuiltProgram built;
        try
        {
            built = _builder.Build();
        }
        catch (LangException e)
        {
            _ended = true;
            return FrontEndResult.Failed([Diagnose(e)]);
        }
        LangLog.Compiled(_log, _builder.Input.Description, built.Program.SourcePaths.Count);
        Watch(built.Program.SourcePaths);
        _current = new ProgramSession(built, _holdConvergence, cancel);
        return null;
    }

    /// <summary>What follows the agent's handling of the previous result: the replaced program stops, the running one goes on.</summary>
    private async Task SettleAsync()
    {
        if (_retired is { } retired)
        {
            _retired = null;
            await retired.DisposeAsync().ConfigureAwait(false);
        }
        if (_current is { Next: null } current) current.RequestNext();
    }

    private async Task<FrontEndResult?> OnCurrentAsync()
    {
        var (graph, error) = _current!.TakeOutcome();
        if (graph is not null)
        {
            return Yield(graph);
        }
        await _current.DisposeAsync().ConfigureAwait(false);
        _current = null;
        var problem = Diagnose(error!);
        if (!_anyGraph)
        {
            if (_candidate is null)
            {
                _ended = true;
                return FrontEndResult.Failed([problem]);
            }
            LangLog.Problem(_log, problem.ToString());
            return null;
        }
        LangLog.ProgramStopped(_log, _watcher is null ? "mgmt stops" : "mgmt stops or an edit of the sources runs");
        return FrontEndResult.Stopped([problem]);
    }

    private async Task<FrontEndResult?> OnCandidateAsync()
    {
        var (graph, error) = _candidate!.TakeOutcome();
        if (graph is not null)
        {
            _retired = _current;
            _current = _candidate;
            _candidate = null;
            LangLog.EditRunning(_log, _builder.Input.Description);
            return Yield(graph);
        }
        await _candidate.DisposeAsync().ConfigureAwait(false);
        _candidate = null;
        var problem = Diagnose(error!);
        if (!_anyGraph && _current is null)
        {
            _ended = true;
            return FrontEndResult.Failed([problem]);
        }
        LangLog.EditFailed(_log, _current is null ? "the machine keeps its last graph" : "the running program carries on");
        if (!_anyGraph)
        {
            LangLog.Problem(_log, problem.ToString());
            return null;
        }
        return FrontEndResult.Failed([problem]);
    }

    private async Task<FrontEndResult?> OnChangeAsync(CancellationToken cancel)
    {
        _change = null;
        BuiltProgram built;
        try
        {
            built = _builder.Build();
        }
        catch (LangException e)
        {
            var problem = Diagnose(e);
            // Follow the file with the mistake too (an imported file may be new), so that its fix is seen.
            Watch(e.Spans.Select(s => s.File), replace: false);
            if (problem.Rendered == _lastProblem) return null;
            _lastProblem = problem.Rendered;
            LangLog.EditBroken(_log, _builder.Input.Description, _current is null ? "the machine keeps its last graph" : "the running program carries on");
            if (!_anyGraph)
            {
                LangLog.Problem(_log, problem.ToString());
                return null;
            }
            return FrontEndResult.Failed([problem]);
        }
        _lastProblem = null;
        if ((_candidate ?? _current) is { } live && live.Program.Digest == built.Digest)
        {
            await built.Runtime.DisposeAsync().ConfigureAwait(false);
            LangLog.Unchanged(_log);
            return null;
        }
        Watch(built.Program.SourcePaths);
        LangLog.Edited(_log, _builder.Input.Description);
        if (_candidate is { } older) await older.DisposeAsync().ConfigureAwait(false);
        _candidate = new ProgramSession(built, _holdConvergence, cancel);
        _candidate.RequestNext();
        return null;
    }

    // The graph goes out under the program's name, so that the agent's log says which program runs.
    private FrontEndResult Yield(Engine.Graph.ResourceGraph graph)
    {
        _anyGraph = true;
        graph.Name = _builder.Input.Description;
        return FrontEndResult.Of(graph);
    }

    private SourceDiagnostic Diagnose(LangException error) => LangErrorText.Diagnose(error, _builder.Input);

    private void Watch(IEnumerable<string> sources, bool replace = true)
    {
        if (_watcher is null) return;
        var paths = sources.Select(_builder.Input.RealPath).OfType<string>();
        foreach (var (path, reason) in replace ? _watcher.WatchOnly(paths) : _watcher.Add(paths)) LangLog.CannotWatch(_log, path, reason);
    }
}
