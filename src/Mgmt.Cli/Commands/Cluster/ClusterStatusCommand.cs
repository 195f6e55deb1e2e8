using Mgmt.Cli.CommandLine;
using Mgmt.World;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary><c>mgmt cluster status [--json]</c>: every host, whether it runs a member, the leader, the ideal size,
/// each host's convergence and what it runs.</summary>
public sealed class ClusterStatusCommand : Command
{
    private readonly SwitchFlag _json;

    public ClusterStatusCommand()
    {
        _json = AddFlag(new SwitchFlag("--json", "print one JSON document (for scripts) instead of the table"));
    }

    public override string Name => "status";

    public override string Summary => "show every host and etcd member of the cluster";

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        await using var admin = await ((ClusterCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        ClusterStatus status;
        try
        {
            status = await admin.GetStatusAsync(invocation.Cancel).ConfigureAwait(false);
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
        if (_json.Value)
        {
            ClusterStatusText.WriteJson(status, invocation.Out);
        }
        else
        {
            ClusterStatusText.WriteTable(status, invocation.Out);
        }
        return ExitCodes.Ok;
    }
}
