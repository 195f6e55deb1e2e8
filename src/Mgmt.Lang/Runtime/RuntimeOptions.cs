using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Lang.Runtime;

/// <summary>Settings of one running program, fixed for its lifetime.</summary>
public sealed record RuntimeOptions
{
    /// <summary>This machine's name: the value of <c>$hostname</c> and of the functions that ask for it.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The resource kinds resource statements may use.</summary>
    public required ResourceRegistry Resources { get; init; }

    /// <summary>Host-local values shared with resources (<c>value</c> resources and <c>value.get*</c> functions).</summary>
    public LocalValues Local { get; init; } = new();

    /// <summary>Host services handed to functions (the shared inotify watcher, the world...).</summary>
    public IServiceProvider Services { get; init; } = EmptyServices.Instance;

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock of every stream function (the datetime functions, <c>history</c>...).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where functions keep host-local state (<c>local.vardir</c>, <c>local.pool</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Add automatic edges to every graph (off with <c>--no-autoedges</c>); <c>Meta:autoedge</c> is respected.</summary>
    public bool AutoEdges { get; init; } = true;
}
