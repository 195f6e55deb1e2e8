using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Lang.Runtime;

/// <summary>Settings of one running program.</summary>
public sealed record RuntimeOptions
{
    public string Hostname { get; init; } = "";
    public required ResourceRegistry Resources { get; init; }
    public LocalValues Local { get; init; } = new();
    public IServiceProvider Services { get; init; } = EmptyServices.Instance;
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where functions keep host-local state (<c>local.vardir</c>, <c>local.pool</c>).</summary>
    public required string StateDirectory { get; init; }

    public bool AutoEdges { get; init; } = true;
}
