using Mgmt.Engine.Resources;
using Mgmt.Engine.SendRecv;

namespace Mgmt.Engine.Runtime;

/// <summary>The identity of a vertex across graph swaps: a hidden resource may share kind and name with a visible one.</summary>
internal readonly record struct VertexKey(string Kind, string Name, bool Hidden)
{
    public static VertexKey Of(Resource r) => new(r.Kind, r.Name, r.Meta.Hidden);
}

/// <summary>The resource whose undo an injected reversal vertex is.</summary>
internal sealed record ReversalTarget(string Kind, string Name);

/// <summary>
/// One running vertex: a resource (with its grouped members), its worker, and the scheduling state that orders
/// it after its parents. Built once per graph swap that adds or replaces it, and never reused after it stops.
/// </summary>
/// <remarks>
/// <para>Scheduling follows the reference's timestamps, pokes and back-pokes. Every successful Process gives the
/// vertex a new stamp from the engine's counter; while a CheckApply is in flight, or after it failed, the stamp
/// is 0. A vertex may process when each parent's stamp is newer than its own (the parent ran since it did) or the
/// parent is idle with its state known right. Otherwise it marks itself waiting and pokes the parents that are
/// behind; a parent that finishes pokes the children that wait for it (and those it notified). Nothing polls.</para>
/// <para>The signal state (pending, dirty, active) is guarded by the vertex's lock; the stamps and flags read by
/// neighbours are volatile, and the waiting flag and the stamp are each written with a full fence before the
/// other side is read, so a finishing parent and a child that starts waiting cannot both miss each other.</para>
/// </remarks>
internal sealed partial class Vertex : IWatchOwner
{
    private readonly Engine _engine;
    // The vertex's stop signal, created on first use (a wait, a linked token, the watch loop): a vertex that
    // watches through a subscription and never waits needs none, and 100,000 of them would hold 4.8 MB.
    // Once stopped it is AlreadyStopped for good.
    private CancellationTokenSource? _stop;
    private static readonly CancellationTokenSource AlreadyStopped = CreateStopped();

    // Guarded by lock (this). The worker loop runs only while there is work (_running); an idle vertex holds
    // no task, timer or continuation, which is what keeps 100,000 idle vertices cheap.
    private bool _pending = true;
    private bool _dirty = true;
    private bool _active = true;
    private bool _running;
    private bool _closed;
    private TaskCompletionSource? _stopped;
    private TaskCompletionSource? _realized;

    // Read by neighbours without the lock.
    private long _stamp;
    private int _waiting;
    // A dirty signal (watch event, heal timer, watch start) came since the last CheckApply began; guarded by lock
    // (this). A failed vertex stays dirty after its failed try, so this is what tells a real reason to try again
    // from a child's poke.
    private bool _woken;
    private volatile bool _cleanIdle;
    private volatile bool _watchReady;
    private volatile bool _blocked;
    private int _failed;
    private volatile bool _applying;
    private volatile bool _everRan;
    private volatile VertexState _state = VertexState.Pending;

    private int _checks;
    private int _changes;
    private int _failures;
    private volatile string? _lastError;

    private readonly Resource[]? _pristine;

    public Vertex(Engine engine, Resource resource, Resource[]? pristine, string[] bindingSignature, RetryCounter retries)
    {
        _engine = engine;
        Resource = resource;
        _pristine = pristine;
        BindingSignature = bindingSignature;
        Retries = retries;
        Context = new ResourceContext(engine, resource, isMember: false) { Vertex = this };
        Members = resource.GroupedMembers.Count == 0
            ? []
            : [.. resource.GroupedMembers.Select(m => new ResourceContext(engine, m, isMember: true) { Vertex = this })];
        Semaphores = resource.GroupedMembers.Count == 0 && resource.Meta.Sema.Count == 0
            ? []
            : SemaphoreTable.Order(resource.GroupedMembers.Prepend(resource).SelectMany(r => r.Meta.Sema));
        if (!double.IsPositiveInfinity(resource.Meta.Limit))
        {
            Limiter = new TokenBucket(resource.Meta.Limit, resource.Meta.Burst, engine.Options.Time);
        }
        if (resource.Meta.Hidden) _state = VertexState.Hidden;
        engine.Converger.Unsettle(); // a new vertex has work to do: its first check
    }

    public VertexKey Key => VertexKey.Of(Resource);

    /// <summary>Cancelled when the vertex stops (or fails for good).</summary>
    private CancellationToken StopToken
    {
        get
        {
            var stop = Volatile.Read(ref _stop);
            if (stop is null)
            {
                var fresh = new CancellationTokenSource();
                stop = Interlocked.CompareExchange(ref _stop, fresh, null) ?? fresh;
                if (stop != fresh) fresh.Dispose();
            }
            return stop.Token;
        }
    }

    /// <summary>
    /// Cancels <see cref="StopToken"/> synchronously (CancelAsync would queue one work item per vertex, and a swap
    /// may stop 100,000); a later <see cref="StopToken"/> is already cancelled. The source is not disposed: a
    /// worker may be reading its token at this moment, and a source without a timer holds nothing to free.
    /// </summary>
    private void CancelStop()
    {
        var stop = Interlocked.Exchange(ref _stop, AlreadyStopped);
        if (stop is not null && stop != AlreadyStopped) stop.Cancel();
    }

    private static CancellationTokenSource CreateStopped()
    {
        var stopped = new CancellationTokenSource();
        stopped.Cancel();
        return stopped;
    }

    public Resource Resource { get; }

    public ResourceContext Context { get; }

    /// <summary>The contexts of the grouped members, in the order of <see cref="Resource.GroupedMembers"/>.</summary>
    public ResourceContext[] Members { get; }

    /// <summary>How many resources the vertex runs: its own and its grouped members.</summary>
    public int ResourceCount => Members.Length + 1;

    /// <summary>
    /// The vertex's resource (<paramref name="k"/> = 0) or member k-1: walks resource and members without the
    /// enumerators a LINQ chain would allocate on paths every vertex takes.
    /// </summary>
    public Resource ResourceAt(int k) => k == 0 ? Resource : Members[k - 1].Resource;

    /// <summary>
    /// The resource (<paramref name="k"/> = 0) or member k-1 as the graph gave it, before any received value;
    /// compared in swaps. Receivers keep a copy; for the others it is the running object itself.
    /// </summary>
    public Resource PristineOf(int k) => _pristine?[k] ?? (k == 0 ? Resource : Resource.GroupedMembers[k - 1]);

    /// <summary>The send/recv bindings into this vertex, in a comparable form; a change replaces the vertex.</summary>
    public string[] BindingSignature { get; }

    public RetryCounter Retries { get; }

    /// <summary>The last swap plan that found this vertex in its new graph (see <see cref="SwapPlan.Build"/>).</summary>
    public int PlanMark { get; set; }

    /// <summary>Set for a vertex injected to undo a resource that left the graph: that resource's kind and name.</summary>
    public ReversalTarget? ReversalOf { get; init; }

    /// <summary>The semaphore ids held during CheckApply, in acquisition order.</summary>
    public string[] Semaphores { get; }

    public TokenBucket? Limiter { get; }

    // Rewired at each graph swap; readers take one snapshot of the array.
    public RuntimeEdge[] Parents { get; set; } = [];
    public RuntimeEdge[] Children { get; set; } = [];
    public ReceiveBinding[] Bindings { get; set; } = [];

    public bool IsFailed => Volatile.Read(ref _failed) != 0;

    public bool IsWaiting => Volatile.Read(ref _waiting) != 0;

    /// <summary>True while this vertex's CheckApply is in flight.</summary>
    public bool IsApplying => _applying;

    /// <summary>The refresh that the CheckApply in flight is serving (what <see cref="IResourceContext.Refresh"/> says).</summary>
    public bool RefreshNow { get; private set; }

    /// <summary>Another vertex's Process finished and this one may be able to go now.</summary>
    public void Poke() => Signal(dirty: false);

    /// <summary>From Watch: the state may have changed.</summary>
    public void WatchEvent()
    {
        CountWatchEvent();
        Signal(dirty: true);
    }

    /// <summary>From Watch: the watch is in place. Anything may have changed while it was not, so check.</summary>
    public void WatchRunning()
    {
        _watchReady = true;
        Signal(dirty: true);
    }

    /// <summary>Completes once the vertex ran a CheckApply, or cannot run one (failed, or stuck behind a failed parent).</summary>
    public Task RealizedAsync()
    {
        lock (this)
        {
            if (_everRan || IsFailed || _blocked || Resource.Meta.Hidden) return Task.CompletedTask;
            _realized ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _realized.Task;
        }
    }

    public bool EverRan => _everRan;

    public VertexStatus Status() => new(
        Resource.Kind,
        Resource.Name,
        _state,
        Volatile.Read(ref _checks),
        Volatile.Read(ref _changes),
        Volatile.Read(ref _failures),
        _lastError,
        [.. Resource.GroupedMembers.Select(m => m.ToString())])
    {
        LastChange = _lastChange,
        WatchEvents = Interlocked.Read(ref _watchEvents),
        LastErrorAt = _trouble?.LastErrorAt,
    };

    private void Signal(bool dirty)
    {
        var schedule = false;
        lock (this)
        {
            if (_closed) return;
            if (dirty)
            {
                _dirty = true;
                _woken = true;
                _cleanIdle = false;
            }
            _pending = true;
            if (!_active)
            {
                // Counted under the lock, at the moment the flag flips, so the converger never sees zero while
                // a vertex has work.
                _active = true;
                _engine.Converger.Unsettle();
            }
            if (!_running)
            {
                _running = true;
                schedule = true;
            }
        }
        if (schedule) Schedule();
    }

    /// <summary>Runs the worker loop on the thread pool; only the signal that set <see cref="_running"/> calls it.</summary>
    private void Schedule() =>
        ThreadPool.UnsafeQueueUserWorkItem(static v => _ = v.RunLoopAsync(), this, preferLocal: false);

    /// <summary>
    /// Takes the pending signal, or ends the loop: false when closed or when there is nothing to do. A loop that
    /// ends with nothing to do settles the vertex for the converger, unless its watch is not up yet (then the
    /// vertex has not had its first check and is not idle).
    /// </summary>
    private bool TakeWork()
    {
        TaskCompletionSource? stopped = null;
        var settle = false;
        lock (this)
        {
            if (!_closed && _pending)
            {
                _pending = false;
                return true;
            }
            _running = false;
            if (_active && (_closed || _watchReady))
            {
                _active = false;
                settle = true;
            }
            if (_closed)
            {
                stopped = _stopped;
                _stopped = null;
            }
        }
        if (settle) _engine.Converger.Settle();
        stopped?.TrySetResult();
        return false;
    }

    /// <summary>Stops all further signals; a running loop ends at its next step. Returns the loop's end.</summary>
    private Task Close()
    {
        var settle = false;
        var done = Task.CompletedTask;
        lock (this)
        {
            if (!_closed)
            {
                _closed = true;
                settle = _active;
                _active = false;
            }
            if (_running)
            {
                _stopped ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done = _stopped.Task;
            }
        }
        if (settle) _engine.Converger.Settle();
        return done;
    }

    private bool TakeDirty()
    {
        lock (this)
        {
            var dirty = _dirty;
            _dirty = false;
            _woken = false;
            return dirty;
        }
    }

    /// <summary>True when a watch event, the heal timer or a start asked for a check since the last one began.</summary>
    private bool Woken()
    {
        lock (this) return _woken;
    }

    private void MarkDirty()
    {
        lock (this)
        {
            _dirty = true;
            _cleanIdle = false;
        }
    }

    private bool IsDirty()
    {
        lock (this) return _dirty;
    }

    private void MarkRealized()
    {
        TaskCompletionSource? realized;
        lock (this)
        {
            realized = _realized;
            _realized = null;
        }
        realized?.TrySetResult();
    }
}
