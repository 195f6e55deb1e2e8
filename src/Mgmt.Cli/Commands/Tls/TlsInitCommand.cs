using Mgmt.Cli.CommandLine;
using Mgmt.World;
using Mgmt.World.Tls;

namespace Mgmt.Cli.Commands.Tls;

/// <summary><c>mgmt tls init DIR</c>: a new cluster CA (ca.crt, and ca.key readable by its owner only).</summary>
public sealed class TlsInitCommand : Command
{
    private readonly IntFlag _days;

    public TlsInitCommand()
    {
        _days = AddFlag(new IntFlag("--days", "how long the CA is valid, in days", 3650, 1) { ValueName = "DAYS" });
    }

    public override string Name => "init";

    public override string Summary => "make a new cluster CA in DIR (ca.crt to give out, ca.key to keep secret)";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("DIR", "the directory of the CA (created 0700 when missing; a CA already there is never replaced)")];

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        var directory = invocation.Arguments[0];
        try
        {
            var cert = ClusterCertificates.InitAuthority(directory, System.IO.Path.GetFileName(System.IO.Path.GetFullPath(directory).TrimEnd('/')), _days.Value);
            invocation.Out.WriteLine($"made a cluster CA: {cert} (give it to every host and client) and {System.IO.Path.Combine(directory, ClusterCertificates.CaKeyFile)} (keep it secret: it can make any identity)");
            invocation.Out.WriteLine($"next: mgmt tls issue --ca {directory} HOST, for each host");
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception e) when (e is WorldException or IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }
    }
}
