using System.Globalization;
using Mgmt.Cli.CommandLine;
using Mgmt.World;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary><c>mgmt cluster size N</c>: sets the ideal number of etcd members; the leader follows within seconds.</summary>
public sealed class ClusterSizeCommand : Command
{
    public override string Name => "size";

    public override string Summary => "set how many agents run an etcd member (the cluster follows within seconds)";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("N", $"the ideal cluster size, 1 to {ClusterStatus.MaxIdealSize} (odd numbers survive the most failures)")];

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var text = invocation.Arguments[0];
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > ClusterStatus.MaxIdealSize)
        {
            throw new UsageException($"N is \"{text}\": give a whole number from 1 to {ClusterStatus.MaxIdealSize}", this);
        }
        await using var admin = await ((ClusterCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        try
        {
            var changed = await admin.SetIdealSizeAsync(size, invocation.Cancel).ConfigureAwait(false);
            invocation.Out.WriteLine(changed
                ? $"ideal cluster size set to {size}; the leader adds or removes members one at a time ('mgmt cluster status' shows them)"
                : $"the ideal cluster size already was {size}");
            return ExitCodes.Ok;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
