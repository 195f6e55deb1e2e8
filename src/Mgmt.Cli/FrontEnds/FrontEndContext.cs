using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds;

/// <summary>What the agent gives a front end.</summary>
public sealed class FrontEndContext
{
    /// <summary>The resource kinds that may appear in a graph.</summary>
    public required ResourceRegistry Registry { get; init; }

    /// <summary>This machine's name.</summary>
    public required string Hostname { get; init; }

    public required ILoggerFactory Loggers { get; init; }

    /// <summary>Follow changes of the input and yield new graphs (off with <c>--no-watch</c>).</summary>
    public bool Watch { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The host services the agent shares with resources (the inotify hub, later the world), for a front end whose
    /// program uses them too (mcl functions). Empty under <c>check</c>.
    /// </summary>
    public IServiceProvider Services { get; init; } = EmptyServices.Instance;

    /// <summary>
    /// Keeps the agent from converging until the returned hold is disposed: for a front end whose next graph is on
    /// its way (a running program reading a value a resource just set). Null when nothing runs (<c>check</c>).
    /// </summary>
    public Func<IDisposable>? HoldConvergence { get; init; }

    /// <summary>The engine's host-local value store (<c>value</c> resources), shared with the program's functions.</summary>
    public LocalValues Local { get; init; } = new();

    /// <summary>
    /// The agent's prefix directory, where a front end keeps state in a subdirectory of its own; null when nothing
    /// runs (<c>check</c>).
    /// </summary>
    public string? Prefix { get; init; }
}
