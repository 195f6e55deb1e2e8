using Mgmt.Cli.CommandLine;
using Mgmt.World;
using Mgmt.World.Etcd;
using Mgmt.World.Tls;

namespace Mgmt.Cli.Commands;

/// <summary>The flags of per-host permissions in a TLS cluster (docs/security.md): the registrar's certificate, the
/// grace period of a gone host, and the explicit opt-out.</summary>
public sealed partial class RunCommand
{
    private TextFlag _registrarCert = null!;
    private TextFlag _registrarKey = null!;
    private SwitchFlag _noPermissions = null!;
    private IntFlag _registrarGrace = null!;
    private EtcdTls? _registrarTls;

    private void AddAccessFlags()
    {
        _registrarCert = AddFlag(new TextFlag("--tls-registrar-cert", "the registrar's certificate (mgmt tls issue --registrar): this agent creates the etcd users of joining hosts", "FILE")
        {
            EnvironmentVariable = "MGMT_TLS_REGISTRAR_CERT",
        });
        _registrarKey = AddFlag(new TextFlag("--tls-registrar-key", "the private key of --tls-registrar-cert", "FILE")
        {
            EnvironmentVariable = "MGMT_TLS_REGISTRAR_KEY",
        });
        _registrarGrace = AddFlag(new IntFlag("--registrar-grace", "seconds a host may be gone (no session, no enrol request) before the registrar removes its etcd user and role", 300, 1, 86400 * 30)
        {
            ValueName = "SEC",
            Expects = "a number of seconds (1 or more)",
        });
        _noPermissions = AddFlag(new SwitchFlag("--tls-no-permissions",
            "run a TLS cluster without per-host permissions: every certificate of the CA may write every key (no registrar needed)"));
    }

    private void ValidateAccess()
    {
        var registrar = _registrarCert.IsSet || _registrarKey.IsSet;
        if (registrar && !(_registrarCert.IsSet && _registrarKey.IsSet))
        {
            var missing = _registrarCert.IsSet ? "--tls-registrar-key" : "--tls-registrar-cert";
            throw new UsageException($"the registrar needs both --tls-registrar-cert and --tls-registrar-key: {missing} missing", this);
        }
        if ((registrar || _noPermissions.Value || _registrarGrace.IsSet) && !_tls.IsSet)
        {
            throw new UsageException("--tls-registrar-cert, --tls-registrar-key, --registrar-grace and --tls-no-permissions apply to a TLS cluster: add --tls-ca, --tls-cert and --tls-key", this);
        }
        if (registrar && _noPermissions.Value)
        {
            throw new UsageException("--tls-no-permissions turns per-host permissions off, the registrar flags run them: choose one", this);
        }
        if (_registrarGrace.IsSet && !registrar)
        {
            throw new UsageException("--registrar-grace applies to the registrar: add --tls-registrar-cert and --tls-registrar-key", this);
        }
        if (!registrar) return;
        try
        {
            _registrarTls ??= EtcdTls.Load(_tls.Ca.Value!, _registrarCert.Value!, _registrarKey.Value!, "--tls-registrar-cert", "--tls-registrar-key");
        }
        catch (WorldException e)
        {
            throw new UsageException(e.Message, this);
        }
        if (_registrarTls.CommonName != ClusterPermissions.RegistrarUser)
        {
            throw new UsageException(
                $"--tls-registrar-cert is the certificate of \"{_registrarTls.CommonName}\", not a registrar's ({ClusterPermissions.RegistrarUser}): make one with mgmt tls issue --ca DIR --registrar NAME", this);
        }
    }
}
