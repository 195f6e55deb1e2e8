using Mgmt.Cli.CommandLine;
using Mgmt.World;
using Mgmt.World.Tls;

namespace Mgmt.Cli.Commands.Tls;

/// <summary><c>mgmt tls issue --ca DIR [--admin|--registrar] NAME</c>: a certificate and key signed by the cluster CA.</summary>
public sealed class TlsIssueCommand : Command
{
    private readonly TextFlag _ca;
    private readonly SwitchFlag _admin;
    private readonly SwitchFlag _registrar;
    private readonly ListFlag _san;
    private readonly TextFlag _out;
    private readonly IntFlag _days;

    public TlsIssueCommand()
    {
        _ca = AddFlag(new TextFlag("--ca", "the CA directory made by mgmt tls init", "DIR"));
        _admin = AddFlag(new SwitchFlag("--admin", "an administrator's certificate (may write deploys), not a host's"));
        _registrar = AddFlag(new SwitchFlag("--registrar", "a registrar's certificate: an agent started with it creates the etcd users of the hosts that join (per-host permissions)"));
        _san = AddFlag(new ListFlag("--san", "more DNS names or IP addresses the host's etcd member is reached at (its name and loopback are always in)", "NAME"));
        _out = AddFlag(new TextFlag("--out", "where to write NAME.crt and NAME.key (default: the CA directory)", "DIR"));
        _days = AddFlag(new IntFlag("--days", "how long the certificate is valid, in days (at most as long as the CA)", 365, 1) { ValueName = "DAYS" });
    }

    public override string Name => "issue";

    public override string Summary => "sign a certificate for a host (its common name is the host name) or an administrator";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("NAME", "the host name (as the agent's --hostname), or the administrator's (--admin) or registrar's (--registrar) name")];

    public override void Validate()
    {
        if (_ca.Value is null)
        {
            throw new UsageException("--ca DIR is needed: the CA directory made by mgmt tls init", this);
        }
        if (_admin.Value && _registrar.Value)
        {
            throw new UsageException("--admin and --registrar make different certificates: choose one", this);
        }
        if ((_admin.Value || _registrar.Value) && _san.Values.Count > 0)
        {
            throw new UsageException("--san names where a host serves etcd; an administrator's (--admin) or registrar's (--registrar) certificate serves nothing", this);
        }
    }

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        var name = invocation.Arguments[0];
        var ca = _ca.Value!;
        try
        {
            var identity = _admin.Value ? IssuedIdentity.Administrator : _registrar.Value ? IssuedIdentity.Registrar : IssuedIdentity.Host;
            var (cert, key) = ClusterCertificates.Issue(ca, name, identity, _san.Values, _out.Value ?? ca, _days.Value);
            var what = identity switch
            {
                IssuedIdentity.Administrator => $"administrator {name} (etcd user {ClusterCertificates.AdministratorUser})",
                IssuedIdentity.Registrar => $"registrar {name} (etcd user {ClusterCertificates.RegistrarUser})",
                _ => $"host {name}",
            };
            invocation.Out.WriteLine($"issued a certificate for {what}: {cert} and its key {key} (0600)");
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception e) when (e is WorldException or IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }
    }
}
