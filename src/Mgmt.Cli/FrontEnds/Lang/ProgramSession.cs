using Mgmt.Engine.Graph;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// One running program: its runtime and the stream of graphs it yields. The next graph is asked for only when the
/// previous one was handled (<see cref="RequestNext"/>), so the program goes at the engine's pace and values that
/// arrive meanwhile are coalesced by the runtime.
/// </summary>
internal sealed class ProgramSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly IAsyncEnumerator<ResourceGraph> _graphs;
    private readonly Func<IDisposable>? _holdConvergence;
    private readonly Lock _holdLock = new();
    private IDisposable? _hold; // held while the program is busy: a new graph may be on its way
    private bool _disposed;

    /// <param name="program">The program to run.</param>
    /// <param name="holdConvergence">Keeps the agent from converging while the program is busy (null: nothing to hold).</param>
    /// <param name="cancel">Stops the program.</param>
    public ProgramSession(BuiltProgram program, Func<IDisposable>? holdConvergence, CancellationToken cancel)
    {
        Program = program;
        _holdConvergence = holdConvergence;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (holdConvergence is not null) program.Runtime.Activity.Changed += FollowActivity;
        _graphs = program.Runtime.RunAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    public BuiltProgram Program { get; }

    /// <summary>The pending request for the next graph: true with <see cref="Graph"/>, or faulted with the program's error.</summary>
    public Task<bool>? Next { get; private set; }

    /// <summary>True once the program yielded a graph.</summary>
    public bool HasYielded { get; private set; }

    /// <summary>The graph the completed <see cref="Next"/> brought.</summary>
    public ResourceGraph Graph => _graphs.Current;

    /// <summary>Asks the program for its next graph (the first one starts it).</summary>
    public void RequestNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Next is { IsCompleted: false }) return;
        Next = _graphs.MoveNextAsync().AsTask();
    }

    /// <summary>Takes the outcome of a completed <see cref="Next"/>: a graph, or the error that stopped the program.</summary>
    public (ResourceGraph? Graph, LangException? Error) TakeOutcome()
    {
        var next = Next ?? throw new InvalidOperationException("no graph was asked for");
        Next = null;
        if (next.IsCompletedSuccessfully)
        {
            if (!next.Result) return (null, new LangException(Phase.Stream, "the program ended unexpectedly"));
            HasYielded = true;
            return (_graphs.Current, null);
        }
        var error = next.Exception?.InnerException;
        if (error is LangException lang) return (null, lang);
        // Cancellation is the agent stopping; anything else is a bug, which the agent reports as one.
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error ?? new OperationCanceledException());
        return default;
    }

    // Calls may come from several threads and out of order: the current state decides, under the lock.
    private void FollowActivity()
    {
        lock (_holdLock)
        {
            var busy = Program.Runtime.Activity.IsBusy && !_disposed;
            if (busy && _hold is null) _hold = _holdConvergence!();
            else if (!busy && _hold is not null)
            {
                _hold.Dispose();
                _hold = null;
            }
        }
    }

    /// <summary>Stops the program: its pending request ends, every stream function stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Program.Runtime.Activity.Changed -= FollowActivity;
        FollowActivity(); // a stopped program brings nothing more: release the agent
        await _stop.CancelAsync().ConfigureAwait(false);
        if (Next is { } pending)
        {
            try
            {
                // An enumerator cannot be disposed while MoveNextAsync runs: let it see the cancellation first.
                await pending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or LangException)
            {
            }
        }
        await _graphs.DisposeAsync().ConfigureAwait(false);
        await Program.Runtime.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
