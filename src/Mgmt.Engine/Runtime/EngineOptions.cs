using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Engine.Runtime;

/// <summary>Settings of one engine, fixed for its lifetime.</summary>
public sealed record EngineOptions
{
    /// <summary>This machine's name, given to every resource.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>Directory for per-resource state (var dirs, reversal records); created on demand.</summary>
    public required string StateDirectory { get; init; }

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The resource kinds of this program, used to rebuild pending reversals recorded by an earlier run. Without
    /// it only kinds seen since the engine started can be rebuilt.
    /// </summary>
    public ResourceRegistry? Registry { get; init; }

    /// <summary>Host services handed to resources (shared inotify watcher, world...).</summary>
    public IServiceProvider Services { get; init; } = EmptyServices.Instance;

    /// <summary>
    /// Where resources with <c>Meta:export</c> are published (the agent's world). Null: this engine cannot export,
    /// and a resource that asks to fails with a message saying so.
    /// </summary>
    public Exports.IExportStore? Exports { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The host-local value store shared with the language's functions.</summary>
    public LocalValues Local { get; init; } = new();

    /// <summary>Force every resource into check-only mode (<c>--noop</c>).</summary>
    public bool Noop { get; init; }

    /// <summary>At most this many resources apply at once (<c>--sema N</c>); null is no limit.</summary>
    public int? Sema { get; init; }

    /// <summary>Add automatic edges (<c>--no-autoedges</c> turns this off).</summary>
    public bool AutoEdges { get; init; } = true;

    /// <summary>Group compatible resources (<c>--no-autogroup</c> turns this off).</summary>
    public bool AutoGroup { get; init; } = true;

    /// <summary>How a resource that failed with no retry left is tried again (on its watch's events and on a backoff).</summary>
    public HealingPolicy Healing { get; init; } = HealingPolicy.Default;

    /// <summary>How long every resource must stay idle for the graph to count as converged; null never converges.</summary>
    public TimeSpan? ConvergerTimeout { get; init; }
}

/// <summary>A service provider with no services.</summary>
public sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
