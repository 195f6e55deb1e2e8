using Mgmt.World;
using Mgmt.World.Cluster;

namespace Mgmt.Cli.CommandLine;

/// <summary>
/// The flags of a command that talks to a running cluster as a plain client (<c>mgmt cluster</c>,
/// <c>mgmt deploy</c>): <c>--seeds</c> and the TLS flags, their checks, and the connection itself. A command adds
/// them with <c>Cluster = new ClusterClientFlags(this, f => AddFlag(f));</c> and calls <see cref="Validate"/> from its
/// own <see cref="Command.Validate"/>.
/// </summary>
public sealed class ClusterClientFlags
{
    private const string NoSeeds = "give the cluster with --seeds URL (the client URL of any member, such as http://127.0.0.1:2379)";

    public ClusterClientFlags(Func<Flag, Flag> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        Seeds = (ListFlag)add(new ListFlag("--seeds", "client URLs of the cluster (any of its members)", "URL") { EnvironmentVariable = "MGMT_SEEDS" });
        Tls = new EtcdTlsFlags(f => (TextFlag)add(f));
    }

    public ListFlag Seeds { get; }

    /// <summary>The certificate to connect with, in a TLS cluster (an administrator's: see docs/security.md).</summary>
    public EtcdTlsFlags Tls { get; }

    /// <summary>Checks every seed URL and the TLS flags; throws <see cref="UsageException"/> naming the flag.</summary>
    public void Validate(Command command)
    {
        foreach (var url in Seeds.Values)
        {
            try
            {
                World.Etcd.EtcdUrls.ValidateClientUrl(url, "--seeds");
            }
            catch (WorldException e)
            {
                throw new UsageException(e.Message, command);
            }
        }
        Tls.Validate(command, Seeds);
    }

    /// <summary>A usage error of <paramref name="caller"/> when no seed was given.</summary>
    public void RequireSeeds(Command caller)
    {
        if (Seeds.Values.Count == 0) throw new UsageException(NoSeeds, caller);
    }

    /// <summary>Connects to the cluster of <see cref="Seeds"/>; a failure is written for the user and gives null.</summary>
    internal async Task<ClusterAdmin?> ConnectAsync(Command caller, CommandInvocation invocation)
    {
        RequireSeeds(caller);
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
