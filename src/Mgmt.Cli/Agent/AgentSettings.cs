namespace Mgmt.Cli.Agent;

/// <summary>How one agent run is set up: the <c>mgmt run</c> flags, already checked.</summary>
public sealed record AgentSettings
{
    /// <summary>This machine's name; null uses the system's host name.</summary>
    public string? Hostname { get; init; }

    /// <summary>The working directory given with --prefix or MGMT_PREFIX; null picks the default.</summary>
    public string? Prefix { get; init; }

    /// <summary>Use a fresh temporary prefix, removed at exit.</summary>
    public bool TmpPrefix { get; init; }

    /// <summary>Fall back to a temporary prefix when the prefix cannot be created.</summary>
    public bool AllowTmpPrefix { get; init; }

    /// <summary>Follow changes of the input (false with --no-watch).</summary>
    public bool Watch { get; init; } = true;

    public bool Noop { get; init; }

    /// <summary>At most this many resources apply at once; null is no limit.</summary>
    public int? Sema { get; init; }

    public bool AutoEdges { get; init; } = true;

    public bool AutoGroup { get; init; } = true;

    /// <summary>Write the running graph in graphviz form here after each swap.</summary>
    public string? GraphvizFile { get; init; }

    /// <summary>Idle seconds before the graph counts as converged; -1 never.</summary>
    public int ConvergerTimeout { get; init; } = -1;

    /// <summary>Stop once converged.</summary>
    public bool ConvergedExit { get; init; }

    /// <summary>Append "true"/"false" lines to this file when the converged state changes.</summary>
    public string? ConvergerStatusFile { get; init; }

    /// <summary>Stop after this many seconds; 0 never.</summary>
    public int MaxRuntime { get; init; }

    /// <summary>Serve Prometheus metrics here (<c>--prometheus</c>, <c>--prometheus-listen</c>); null serves none.</summary>
    public Mgmt.Platform.Http.HttpListenAddress? Prometheus { get; init; }

    /// <summary>Serve the live web view here (<c>--ui</c>); null serves none.</summary>
    public Mgmt.Platform.Http.HttpListenAddress? Ui { get; init; }

    /// <summary>How the agent reaches the cluster; <see cref="ClusterSettings.None"/> runs alone with the embedded world.</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.None;

    /// <summary>How the agent treats the cluster's deploys (<c>--trust</c>, <c>--insecure-deploys</c>, <c>--keep</c>).</summary>
    public Deploys.DeployPolicy Deploys { get; init; } = Mgmt.Cli.Deploys.DeployPolicy.Closed;
}
