using System.Globalization;
using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.World;
using Mgmt.World.Deploys;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary><c>mgmt deploy list</c>: the kept deploys (id, time, kind, signer, git commit, rollout) and what each host runs.</summary>
public sealed class DeployListCommand : Command
{
    public override string Name => "list";

    public override string Summary => "list the cluster's deploys and which deploy each host runs";

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        await using var admin = await ((DeployCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        try
        {
            var deploys = await admin.Deploys.ListAsync(invocation.Cancel).ConfigureAwait(false);
            var status = await admin.GetStatusAsync(invocation.Cancel).ConfigureAwait(false);
            var output = invocation.Out;
            if (deploys.Count == 0) output.WriteLine("nothing was deployed yet");
            else output.WriteLine($"{"ID",-5} {"TIME (UTC)",-19} {"KIND",-5} {"SIGNER",-16} {"GIT",-12} {"ROLLOUT",-9} FILES HOSTS");
            foreach (var deploy in deploys)
            {
                var hosts = status.Hosts.Where(h => h.Status?.Deploy == deploy.Id).Select(h => h.Hostname).ToList();
                var signer = DeploySignatures.SignerKeyId(deploy.Signature) ?? "unsigned";
                string line;
                try
                {
                    var record = DeployRecord.Parse(deploy.Record);
                    line = $"{deploy.Id,-5} {record.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19} {record.Kind,-5} {signer,-16} "
                        + $"{(record.GitCommit is { } g ? g[..Math.Min(12, g.Length)] : "-"),-12} {record.Rollout,-9} {record.Files.Count,5}";
                }
                catch (FormatException)
                {
                    line = $"{deploy.Id,-5} {"(unreadable record)",-19} {"?",-5} {signer,-16} {"-",-12} {"-",-9} {"-",5}";
                }
                output.WriteLine($"{line} {(hosts.Count == 0 ? "-" : string.Join(",", hosts))}");
            }
            output.WriteLine();
            output.WriteLine("hosts:");
            foreach (var host in status.Hosts)
            {
                var runs = host.Status switch
                {
                    null => "no status yet",
                    { Deploy: { } id } => $"deploy {id}",
                    { FrontEnd: "empty" } => "no deploy yet (empty graph)",
                    var s => $"its own {s.FrontEnd} input {s.Input} (does not follow deploys)",
                };
                output.WriteLine($"  {host.Hostname}: {runs}");
            }
            return ExitCodes.Ok;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
