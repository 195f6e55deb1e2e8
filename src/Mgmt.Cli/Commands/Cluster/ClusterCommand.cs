using Mgmt.Cli.CommandLine;
using Mgmt.World.Cluster;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary><c>mgmt cluster --seeds URL... status|size|remove-host|allow-host</c>: looks at and steers a running cluster, as a plain client
/// (not an agent: it claims no hostname).</summary>
public sealed class ClusterCommand : Command
{
    public ClusterCommand()
    {
        Client = new ClusterClientFlags(f => AddFlag(f));
        AddSubcommand(new ClusterStatusCommand());
        AddSubcommand(new ClusterSizeCommand());
        AddSubcommand(new ClusterRemoveHostCommand());
        AddSubcommand(new ClusterAllowHostCommand());
    }

    public override string Name => "cluster";

    public override string Summary => "show the cluster's hosts and members, change its ideal size, remove or allow a host";

    /// <summary>--seeds and, in a TLS cluster, the certificate to connect with.</summary>
    public ClusterClientFlags Client { get; }

    public override void Validate() => Client.Validate(this);

    internal Task<ClusterAdmin?> ConnectAsync(Command caller, CommandInvocation invocation) => Client.ConnectAsync(caller, invocation);
}
