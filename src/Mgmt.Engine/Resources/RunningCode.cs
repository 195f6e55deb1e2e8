namespace Mgmt.Engine.Resources;

/// <summary>One file of the code an agent runs: its path inside the code (relative, '/'-separated), its time and content.</summary>
public sealed record CodeFile(string Path, DateTimeOffset ModifiedAt, ReadOnlyMemory<byte> Content);

/// <summary>The code an agent runs at one moment: the deploy it came from (null: the agent's own input) and its files.</summary>
public sealed record CodeSnapshot(ulong? DeployId, IReadOnlyList<CodeFile> Files);

/// <summary>
/// A host service that tells resources which code this agent runs (the <c>deploy:tar</c> resource archives it): the
/// files of the running deploy, verified by the deploy follower, or, for an agent that runs a program given on its
/// command line, that program's files as <c>mgmt deploy</c> would carry them, read afresh on every request.
/// </summary>
/// <remarks>
/// The deploy follower calls <see cref="Deploy"/> before it hands the deploy's first graph to the engine, so a
/// resource of that graph already sees its deploy; <see cref="Changed"/> wakes the resources that stay from one
/// deploy's graph to the next.
/// </remarks>
public sealed class RunningCode
{
    private readonly Lock _gate = new();
    private CodeSnapshot? _deploy;
    private Func<CodeSnapshot>? _local;
    private IReadOnlyList<string> _watchPaths = [];
    private readonly string _nothing;

    /// <param name="nothing">Why no code can be told yet, completing "no deploy is running: ...".</param>
    public RunningCode(string nothing) => _nothing = nothing;

    /// <summary>Raised after the running code changed (a new deploy); handlers must not block.</summary>
    public event Action? Changed;

    /// <summary>Paths whose changes change the code (the local input); empty for a deploy, whose files never change.</summary>
    public IReadOnlyList<string> WatchPaths
    {
        get
        {
            lock (_gate) return _watchPaths;
        }
    }

    /// <summary>The deploy follower switched to deploy <paramref name="id"/>, whose files it verified.</summary>
    public void Deploy(ulong id, IReadOnlyList<CodeFile> files)
    {
        lock (_gate)
        {
            _deploy = new CodeSnapshot(id, files);
            _local = null;
            _watchPaths = [];
        }
        Changed?.Invoke();
    }

    /// <summary>The agent runs its own input: <paramref name="read"/> reads its files now; <paramref name="watch"/> are the paths to watch.</summary>
    public void LocalInput(Func<IReadOnlyList<CodeFile>> read, IReadOnlyList<string> watch)
    {
        lock (_gate)
        {
            _deploy = null;
            _local = () => new CodeSnapshot(null, read());
            _watchPaths = watch;
        }
        Changed?.Invoke();
    }

    /// <summary>The code that runs now.</summary>
    /// <exception cref="NoRunningCodeException">no deploy runs and the agent's input is not one a deploy could carry.</exception>
    /// <exception cref="IOException">the agent's own input cannot be read.</exception>
    public CodeSnapshot Current()
    {
        Func<CodeSnapshot>? local;
        lock (_gate)
        {
            if (_deploy is not null) return _deploy;
            local = _local;
            if (local is null) throw new NoRunningCodeException($"no deploy is running: {_nothing}");
        }
        return local();
    }
}

/// <summary>The agent runs no deploy and no input that a deploy could carry, so there is no code to hand on.</summary>
public sealed class NoRunningCodeException(string message) : InvalidOperationException(message);
