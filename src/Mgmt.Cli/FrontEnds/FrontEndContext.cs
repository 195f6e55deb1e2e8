using Mgmt.Engine.Resources;
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
}
