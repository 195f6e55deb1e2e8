using Mgmt.Cli.CommandLine;
using Mgmt.World;
using Mgmt.World.Cluster;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary><c>mgmt cluster --seeds URL... status|size</c>: looks at and steers a running cluster, as a plain client
/// (not an agent: it claims no hostname).</summary>
public sealed class ClusterCommand : Command
{
    public ClusterCommand()
    {
        Seeds = AddFlag(new ListFlag("--seeds", "client URLs of the cluster (any of its members)", "URL") { EnvironmentVariable = "MGMT_SEEDS" });
        Tls = new EtcdTlsFlags(f => AddFlag(f));
        AddSubcommand(new ClusterStatusCommand());
        AddSubcommand(new ClusterSizeCommand());
    }

    public override string Name => "cluster";

    public override string Summary => "show the cluster's hosts and members, or change its ideal size";

    public ListFlag Seeds { get; }

    /// <summary>The certificate to connect with (an administrator's to change the size, when the cluster uses RBAC).</summary>
    public EtcdTlsFlags Tls { get; }

    public override void Validate()
    {
        foreach (var url in Seeds.Values)
        {
            try
            {
                World.Etcd.EtcdUrls.ValidateClientUrl(url, "--seeds");
            }
            catch (WorldException e)
            {
                throw new UsageException(e.Message, this);
            }
        }
        Tls.Validate(this, Seeds);
    }

    /// <summary>Connects to the cluster of <see cref="Seeds"/>; a failure is written for the user and gives null.</summary>
    internal async Task<ClusterAdmin?> ConnectAsync(Command caller, CommandInvocation invocation)
    {
        if (Seeds.Values.Count == 0)
        {
            throw new UsageException("give the cluster with --seeds URL (the client URL of any member, such as http://127.0.0.1:2379)", caller);
        }
        try
        {
            return await ClusterAdmin.ConnectAsync(Seeds.Values, cancellationToken: invocation.Cancel, tls: Tls.Material).ConfigureAwait(false);
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return null;
        }
    }
}
