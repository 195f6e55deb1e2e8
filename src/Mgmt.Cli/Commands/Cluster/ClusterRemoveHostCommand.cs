using Mgmt.Cli.CommandLine;
using Mgmt.World;
using Mgmt.World.Cluster;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary><c>mgmt cluster remove-host HOST</c>: takes a host out of the cluster at once (its etcd user and role,
/// its keys, its etcd member) and keeps registrars from registering it again until <c>allow-host</c>.</summary>
public sealed class ClusterRemoveHostCommand : Command
{
    public override string Name => "remove-host";

    public override string Summary => "remove a host now: its etcd user and role, presence, enrol request and etcd member; it may not enrol again until allow-host";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = [new("HOST", "the host's name (the common name of its certificate)")];

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var host = ClusterHostArgument.Check(invocation.Arguments[0], this);
        await using var admin = await ((ClusterCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        try
        {
            var done = await admin.RemoveHostAsync(host, invocation.Cancel).ConfigureAwait(false);
            invocation.Out.WriteLine($"host {host} removed: "
                + (done.UserDeleted ? "its etcd user and role deleted" : "it had no etcd user")
                + $", {done.KeysDeleted} of its keys deleted"
                + (done.MemberRemoved is { } member ? $", etcd member {member} removed" : ", it ran no etcd member"));
            invocation.Out.WriteLine($"registrars will not register it again until 'mgmt cluster allow-host {host}'");
            return ExitCodes.Ok;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {ClusterHostArgument.Explain(e)}");
            return ExitCodes.Failure;
        }
    }
}

/// <summary><c>mgmt cluster allow-host HOST</c>: lets a host removed with <c>remove-host</c> enrol again.</summary>
public sealed class ClusterAllowHostCommand : Command
{
    public override string Name => "allow-host";

    public override string Summary => "let a host removed with remove-host enrol again (a registrar then registers it)";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = [new("HOST", "the removed host's name")];

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var host = ClusterHostArgument.Check(invocation.Arguments[0], this);
        await using var admin = await ((ClusterCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        try
        {
            invocation.Out.WriteLine(await admin.AllowHostAsync(host, invocation.Cancel).ConfigureAwait(false)
                ? $"host {host} may enrol again: a registrar registers it when its agent asks"
                : $"host {host} was not removed: nothing to allow");
            return ExitCodes.Ok;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {ClusterHostArgument.Explain(e)}");
            return ExitCodes.Failure;
        }
    }
}

/// <summary>The HOST argument of remove-host and allow-host.</summary>
internal static class ClusterHostArgument
{
    /// <summary>The name when it is a host name mgmt could have registered; a usage error otherwise.</summary>
    public static string Check(string host, Command command)
    {
        try
        {
            WorldKeys.ValidateHostname(host);
        }
        catch (WorldKeyException e)
        {
            throw new UsageException($"HOST: {e.Message}", command);
        }
        if (World.Tls.ClusterPermissions.IsReserved(host))
        {
            throw new UsageException($"HOST is \"{host}\": root and mgmt-... are mgmt's own etcd users, not hosts", command);
        }
        return host;
    }

    /// <summary>The message of a failure, with what to do when etcd refused a certificate that is not an administrator's.</summary>
    public static string Explain(WorldException e) => e.Message.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
        ? $"{e.Message}: only an administrator's certificate (mgmt tls issue --admin) may remove or allow hosts"
        : e.Message;
}
