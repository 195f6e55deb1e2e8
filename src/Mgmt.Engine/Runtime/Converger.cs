using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// Tells when the engine has settled: every resource is idle (nothing pending, nothing running, no retry
/// waiting; permanently failed ones and those stuck behind them count as idle) and nothing has changed for
/// <see cref="EngineOptions.ConvergerTimeout"/>. A change (a CheckApply that fixed something, an error, a graph
/// swap that added or removed resources) leaves the converged state; checks that find everything right do not.
/// </summary>
/// <remarks>
/// One timer for the whole engine, not one per resource: vertices only move a shared counter of unsettled
/// vertices, and the timer is armed when that counter reaches zero. Before the first graph is committed the
/// engine is never converged; a committed graph with no resources converges after the timeout.
/// </remarks>
public sealed class Converger
{
    private readonly ILogger _log;
    private readonly TimeSpan? _timeout;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private long _unsettled;
    private int _paused;
    private bool _started; // nothing converges before the first graph is committed
    private long _lastChange;
    private bool _converged;
    private TaskCompletionSource _convergedSignal = NewSignal();

    internal Converger(TimeSpan? timeout, TimeProvider time, ILogger log)
    {
        _log = log;
        _timeout = timeout;
        _time = time;
        _lastChange = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Evaluate(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True while the engine is converged.</summary>
    public bool IsConverged
    {
        get
        {
            lock (_lock) return _converged;
        }
    }

    /// <summary>
    /// Raised with true when the engine becomes converged and with false when it leaves that state. Handlers run
    /// on the engine's threads in order of the transitions and must return quickly.
    /// </summary>
    public event Action<bool>? StateChanged;

    /// <summary>Completes when the engine is (or next becomes) converged. Never completes without a timeout.</summary>
    public Task WaitConvergedAsync(CancellationToken cancel)
    {
        Task signal;
        lock (_lock) signal = _convergedSignal.Task;
        return signal.WaitAsync(cancel);
    }

    internal void Dispose() => _timer.Dispose();

    /// <summary>
    /// Keeps the engine from becoming converged until the returned hold is disposed: for work outside the resources
    /// that may bring a new graph (a program computing its next one). A hold is not a change: once it is released,
    /// the engine converges as soon as its resources have been idle for the timeout, counted as before.
    /// </summary>
    public IDisposable Hold()
    {
        Unsettle();
        return new ConvergenceHold(this);
    }

    /// <summary>A vertex has work to do (an event, a poke, a pending retry).</summary>
    internal void Unsettle() => Interlocked.Increment(ref _unsettled);

    /// <summary>A vertex went idle.</summary>
    internal void Settle()
    {
        if (Interlocked.Decrement(ref _unsettled) == 0) Evaluate();
    }

    /// <summary>Something changed: the idle period starts again and a converged engine is converged no more.</summary>
    internal void Changed()
    {
        lock (_lock)
        {
            _lastChange = _time.GetTimestamp();
            Leave();
        }
        Evaluate();
    }

    /// <summary>A graph swap begins: the engine cannot become converged until <see cref="Resume"/>.</summary>
    internal void Pause()
    {
        lock (_lock) _paused++;
    }

    /// <summary>A graph swap ended; <paramref name="changed"/> when it added, replaced or removed resources.</summary>
    internal void Resume(bool changed)
    {
        lock (_lock)
        {
            _paused--;
            if (changed || !_started)
            {
                _started = true;
                _lastChange = _time.GetTimestamp();
                Leave();
            }
        }
        Evaluate();
    }

    private void Evaluate()
    {
        if (_timeout is not { } timeout) return;
        lock (_lock)
        {
            if (_converged || !_started || _paused > 0 || Interlocked.Read(ref _unsettled) != 0) return;
            var idle = _time.GetElapsedTime(_lastChange);
            if (idle < timeout)
            {
                _timer.Change(timeout - idle, Timeout.InfiniteTimeSpan);
                return;
            }
            _converged = true;
            _convergedSignal.TrySetResult();
            Notify(true);
        }
    }

    private void Leave()
    {
        if (!_converged) return;
        _converged = false;
        _convergedSignal = NewSignal();
        Notify(false);
    }

    // Under the lock, so that handlers see the transitions in order. A handler that throws must not take down
    // the vertex (or the timer thread) that happened to cause the transition.
    private void Notify(bool converged)
    {
        try
        {
            StateChanged?.Invoke(converged);
        }
        catch (Exception e)
        {
            EngineLog.HandlerFailed(_log, nameof(StateChanged), e.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ConvergenceHold(Converger owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Settle();
        }
    }
}
