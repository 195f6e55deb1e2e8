using Mgmt.Cli.Agent;
using Mgmt.Cli.CommandLine;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Commands;

/// <summary>
/// <c>mgmt run [flags] FRONTEND ...</c>: runs an agent on this machine with the graphs a front end produces.
/// The flags are the reference's where it has them.
/// </summary>
public sealed class RunCommand : Command, IFrontEndHost
{
    private readonly TextFlag _hostname;
    private readonly TextFlag _prefix;
    private readonly SwitchFlag _tmpPrefix;
    private readonly SwitchFlag _allowTmpPrefix;
    private readonly SwitchFlag _noWatch;
    private readonly SwitchFlag _noop;
    private readonly IntFlag _sema;
    private readonly SwitchFlag _noAutoEdges;
    private readonly SwitchFlag _noAutoGroup;
    private readonly TextFlag _graphviz;
    private readonly IntFlag _convergerTimeout;
    private readonly SwitchFlag _convergedExit;
    private readonly TextFlag _convergerStatusFile;
    private readonly IntFlag _maxRuntime;

    public RunCommand()
    {
        _hostname = AddFlag(new TextFlag("--hostname", "this machine's name in the cluster (default: the system host name)", "NAME"));
        _prefix = AddFlag(new TextFlag("--prefix", "working directory for state (default: $STATE_DIRECTORY, /var/lib/mgmt/ as root, else ~/.cache/mgmt/)", "DIR")
        {
            EnvironmentVariable = "MGMT_PREFIX",
        });
        _tmpPrefix = AddFlag(new SwitchFlag("--tmp-prefix", "use a new temporary prefix, removed at exit"));
        _allowTmpPrefix = AddFlag(new SwitchFlag("--allow-tmp-prefix", "use a temporary prefix if the prefix cannot be created"));
        _noWatch = AddFlag(new SwitchFlag("--no-watch", "do not follow changes of the input: run the first graph only"));
        _noop = AddFlag(new SwitchFlag("--noop", "check only: report what would change, change nothing"));
        _sema = AddFlag(new IntFlag("--sema", "at most N resources apply at once (1 runs them one after another)", 0, 1)
        {
            Expects = "a whole number of 1 or more",
            DefaultDescription = "no limit",
        });
        _noAutoEdges = AddFlag(new SwitchFlag("--no-autoedges", "do not add automatic edges"));
        _noAutoGroup = AddFlag(new SwitchFlag("--no-autogroup", "do not group compatible resources"));
        _graphviz = AddFlag(new TextFlag("--graphviz", "write the running graph in graphviz (dot) form to FILE after each change of graph", "FILE"));
        _convergerTimeout = AddFlag(new IntFlag("--converger-timeout", "seconds every resource must stay idle for the graph to count as converged; -1 never", -1, -1)
        {
            EnvironmentVariable = "MGMT_CONVERGER_TIMEOUT",
            ValueName = "SEC",
            Expects = "a number of seconds (0 or more), or -1 for never",
        });
        _convergedExit = AddFlag(new SwitchFlag("--converged-exit", "exit once converged (for cron and one-shot runs); needs --converger-timeout"));
        _convergerStatusFile = AddFlag(new TextFlag("--converger-status-file", "append 'true'/'false' to FILE each time the converged state changes", "FILE"));
        _maxRuntime = AddFlag(new IntFlag("--max-runtime", "stop after SEC seconds; 0 means no limit", 0, 0)
        {
            EnvironmentVariable = "MGMT_MAX_RUNTIME",
            ValueName = "SEC",
            Expects = "a number of seconds (0 or more; 0 means no limit)",
        });
        foreach (var frontEnd in FrontEndCatalog.Create()) AddSubcommand(frontEnd);
    }

    public override string Name => "run";

    public override string Summary => "run an agent on this machine";

    public override string? Details =>
        "Runs an agent that applies the graphs a front end produces and keeps them applied: every resource is " +
        "watched and repaired when it drifts. It runs until stopped (SIGINT/SIGTERM: the first stops cleanly, " +
        "the second interrupts running checks, the third interrupts resources), or until converged with " +
        "--converged-exit, or for --max-runtime seconds. Run flags may also follow the front end.";

    public override string SubcommandTitle => "Front ends";

    public override void Validate()
    {
        if (_tmpPrefix.Value && _prefix.IsSet && !_prefix.FromEnvironment)
        {
            throw new UsageException("--tmp-prefix and --prefix cannot be used together; choose one", this);
        }
        if (_convergedExit.Value && _convergerTimeout.Value < 0)
        {
            throw new UsageException(
                "--converged-exit needs --converger-timeout SEC (0 or more): without a timeout the graph never counts as converged", this);
        }
        if (_hostname.Value is { } h && (h.Contains('/') || h.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new UsageException($"--hostname '{h}' is not usable: a host name cannot contain '/', spaces or control characters", this);
        }
    }

    /// <summary>The checked settings of this command line.</summary>
    public AgentSettings Settings => new()
    {
        Hostname = _hostname.Value,
        Prefix = _tmpPrefix.Value ? null : _prefix.Value,
        TmpPrefix = _tmpPrefix.Value,
        AllowTmpPrefix = _allowTmpPrefix.Value,
        Watch = !_noWatch.Value,
        Noop = _noop.Value,
        Sema = _sema.IsSet ? _sema.Value : null,
        AutoEdges = !_noAutoEdges.Value,
        AutoGroup = !_noAutoGroup.Value,
        GraphvizFile = _graphviz.Value,
        ConvergerTimeout = _convergerTimeout.Value,
        ConvergedExit = _convergedExit.Value,
        ConvergerStatusFile = _convergerStatusFile.Value,
        MaxRuntime = _maxRuntime.Value,
    };

    public async Task<int> RunFrontEndAsync(IFrontEnd frontEnd, CommandInvocation invocation)
    {
        var debug = ((MgmtCommand)Parent!).Debug.Value;
        using var loggers = new LineLoggerFactory(invocation.Error, debug ? LogLevel.Debug : LogLevel.Information);
        var runner = new AgentRunner(Settings, loggers, invocation.Error);
        return await runner.RunAsync(frontEnd, invocation.Environment, invocation.Cancel).ConfigureAwait(false);
    }
}
