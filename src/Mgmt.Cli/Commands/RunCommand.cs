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
public sealed partial class RunCommand : Command, IFrontEndHost
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
    private readonly ListFlag _seeds;
    private readonly ListFlag _serverUrls;
    private readonly ListFlag _clientUrls;
    private readonly ListFlag _advertiseClientUrls;
    private readonly ListFlag _advertiseServerUrls;
    private readonly SwitchFlag _etcdMember;
    private readonly SwitchFlag _replaceStaleData;
    private readonly IntFlag _sessionTtl;
    private readonly IntFlag _idealClusterSize;
    private readonly SwitchFlag _noServer;
    private readonly EtcdTlsFlags _tls;
    private readonly ChoiceFlag _logLevel;
    private readonly ChoiceFlag _logFormat;

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
        _seeds = AddFlag(new ListFlag("--seeds", "client URLs of an existing cluster to join (as a client that volunteers to run an etcd member)", "URL")
        {
            EnvironmentVariable = "MGMT_SEEDS",
        });
        _serverUrls = AddFlag(new ListFlag("--server-urls", "peer URLs of this agent's etcd member (default http://127.0.0.1:2380); without --seeds: start a new cluster", "URL")
        {
            EnvironmentVariable = "MGMT_SERVER_URLS",
        });
        _clientUrls = AddFlag(new ListFlag("--client-urls", "client URLs of this agent's etcd member (default http://127.0.0.1:2379); without --seeds: start a new cluster", "URL")
        {
            EnvironmentVariable = "MGMT_CLIENT_URLS",
        });
        _advertiseClientUrls = AddFlag(new ListFlag("--advertise-client-urls", "client URLs of our member as others must reach them (default: --client-urls)", "URL"));
        _advertiseServerUrls = AddFlag(new ListFlag("--advertise-server-urls", "peer URLs of our member as others must reach them (default: --server-urls)", "URL"));
        _etcdMember = AddFlag(new SwitchFlag("--etcd-member", "start a new cluster with a member on the default local ports (client 2379, peer 2380 on 127.0.0.1)"));
        _replaceStaleData = AddFlag(new SwitchFlag("--etcd-replace-stale-data",
            "move aside (never delete) a member data directory that mgmt made for another member name or cluster"));
        _sessionTtl = AddFlag(new IntFlag("--session-ttl", "seconds this agent's published data (map entries, exports, presence) outlives it after a crash", 10, 1, 3600)
        {
            ValueName = "SEC",
        });
        _idealClusterSize = AddFlag(new IntFlag("--ideal-cluster-size", "how many agents run an etcd member; stored in the cluster (change it later with 'mgmt cluster size')",
            Mgmt.World.ClusterStatus.DefaultIdealSize, 1, Mgmt.World.ClusterStatus.MaxIdealSize)
        {
            EnvironmentVariable = "MGMT_IDEAL_CLUSTER_SIZE",
            ValueName = "N",
            Expects = $"a whole number from 1 to {Mgmt.World.ClusterStatus.MaxIdealSize}",
            DefaultDescription = "5 for a new cluster; a joining agent keeps the cluster's",
        });
        _noServer = AddFlag(new SwitchFlag("--no-server", "never run an etcd member: stay a client of the --seeds cluster"));
        _tls = new EtcdTlsFlags(f => AddFlag(f));
        AddAccessFlags();
        _logLevel = AddFlag(new ChoiceFlag("--log-level", "the least important messages logged (--debug is the same as debug)", "info", LogWords.Levels)
        {
            EnvironmentVariable = "MGMT_LOG_LEVEL",
        });
        _logFormat = AddFlag(new ChoiceFlag("--log-format", "text: one line per message, for people; json: one JSON object per line, for log collectors", "text", LogWords.Formats)
        {
            EnvironmentVariable = "MGMT_LOG_FORMAT",
        });
        AddObservabilityFlags();
        AddDeployFlags();
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
        ValidateUrls(_seeds);
        ValidateUrls(_serverUrls);
        ValidateUrls(_clientUrls);
        ValidateUrls(_advertiseClientUrls);
        ValidateUrls(_advertiseServerUrls);
        _tls.Validate(this, _seeds, _serverUrls, _clientUrls, _advertiseClientUrls, _advertiseServerUrls);
        ValidateAccess();
        ValidateObservability();
        ValidateDeploys();
        var cluster = Cluster;
        if (_noServer.Value && cluster.Seeds.Count == 0)
        {
            throw new UsageException("--no-server makes this agent a client only: give the cluster to join with --seeds", this);
        }
        if (_noServer.Value && cluster.MemberFlags)
        {
            throw new UsageException("--no-server and the member flags (--etcd-member, --client-urls, --server-urls, --advertise-*) contradict each other: choose one", this);
        }
        if (_replaceStaleData.Value && !cluster.MayRunMember)
        {
            throw new UsageException(
                "--etcd-replace-stale-data applies to the data of an etcd member this agent may run: add --etcd-member, or --seeds without --no-server", this);
        }
        if (_tls.IsSet && !cluster.UsesEtcd)
        {
            throw new UsageException("--tls-ca/--tls-cert/--tls-key secure a cluster: add --seeds https://... (or --etcd-member, or https --client-urls and --server-urls, to start one)", this);
        }
        if (cluster.Permissions && cluster.Bootstraps && cluster.RegistrarTls is null)
        {
            throw new UsageException("a new TLS cluster sets up per-host permissions, which needs the registrar's certificate: add --tls-registrar-cert and "
                + "--tls-registrar-key (mgmt tls issue --ca DIR --registrar NAME makes them), or --tls-no-permissions to run it without per-host "
                + "permissions (every certificate of the CA may then write every key)", this);
        }
        if (_idealClusterSize.IsSet && !cluster.UsesEtcd)
        {
            throw new UsageException("--ideal-cluster-size applies to a cluster: add --seeds (or --etcd-member to start one)", this);
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
        Cluster = Cluster,
        Prometheus = PrometheusAddress,
        Ui = UiAddress,
        Deploys = Deploys,
    };

    /// <summary>The cluster flags.</summary>
    private ClusterSettings Cluster => new()
    {
        Seeds = _seeds.Values,
        ServerUrls = _serverUrls.Values,
        ClientUrls = _clientUrls.Values,
        AdvertiseClientUrls = _advertiseClientUrls.Values,
        AdvertiseServerUrls = _advertiseServerUrls.Values,
        RunMember = _etcdMember.Value,
        NoServer = _noServer.Value,
        IdealClusterSize = _idealClusterSize.IsSet ? _idealClusterSize.Value : null,
        ReplaceStaleData = _replaceStaleData.Value,
        SessionTtl = TimeSpan.FromSeconds(_sessionTtl.Value),
        Tls = _tls.Material,
        RegistrarTls = _registrarTls,
        NoPermissions = _noPermissions.Value,
        RegistrarGrace = TimeSpan.FromSeconds(_registrarGrace.Value),
    };

    private void ValidateUrls(ListFlag flag)
    {
        foreach (var url in flag.Values)
        {
            try
            {
                Mgmt.World.Etcd.EtcdUrls.ValidateClientUrl(url, flag.Name);
            }
            catch (Mgmt.World.WorldException e)
            {
                throw new UsageException(e.Message, this);
            }
        }
    }

    public async Task<int> RunFrontEndAsync(IFrontEnd frontEnd, CommandInvocation invocation)
    {
        var debug = ((MgmtCommand)Parent!).Debug.Value;
        var level = debug && !_logLevel.IsSet ? LogLevel.Debug : LogWords.Level(_logLevel.Choice);
        using var loggers = new LineLoggerFactory(invocation.Error, level, format: LogWords.Format(_logFormat.Choice));
        var runner = new AgentRunner(Settings, loggers, invocation.Error);
        return await runner.RunAsync(frontEnd, invocation.Environment, invocation.Cancel).ConfigureAwait(false);
    }
}
