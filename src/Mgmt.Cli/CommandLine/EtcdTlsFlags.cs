using Mgmt.World;
using Mgmt.World.Etcd;

namespace Mgmt.Cli.CommandLine;

/// <summary>
/// <c>--tls-ca</c>, <c>--tls-cert</c>, <c>--tls-key</c>: the three TLS flags of every command that connects to etcd
/// (agents, <c>mgmt cluster</c>, deploys). A command adds them with
/// <c>Tls = new EtcdTlsFlags(f => AddFlag(f));</c>, calls <see cref="Validate"/> from its own
/// <see cref="Command.Validate"/> with each URL flag it has, then hands <see cref="Material"/> to the store.
/// All three or none: with them every URL must be https, without them http.
/// </summary>
public sealed class EtcdTlsFlags
{
    private EtcdTls? _material;

    public EtcdTlsFlags(Func<TextFlag, TextFlag> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        Ca = add(new TextFlag("--tls-ca", "the cluster CA certificate (ca.crt of mgmt tls init): etcd must show a certificate it signed", "FILE")
        {
            EnvironmentVariable = "MGMT_TLS_CA",
        });
        Cert = add(new TextFlag("--tls-cert", "this host's (or administrator's) certificate, from mgmt tls issue", "FILE")
        {
            EnvironmentVariable = "MGMT_TLS_CERT",
        });
        Key = add(new TextFlag("--tls-key", "the private key of --tls-cert", "FILE")
        {
            EnvironmentVariable = "MGMT_TLS_KEY",
        });
    }

    public TextFlag Ca { get; }

    public TextFlag Cert { get; }

    public TextFlag Key { get; }

    /// <summary>True when the TLS flags were given.</summary>
    public bool IsSet => Ca.IsSet || Cert.IsSet || Key.IsSet;

    /// <summary>The loaded material; null without the flags. Valid after <see cref="Validate"/>.</summary>
    public EtcdTls? Material => _material;

    /// <summary>
    /// Checks that the three flags come together, loads and checks the files (the certificate must be signed by the
    /// CA), and that each URL of <paramref name="urlFlags"/> has the scheme that matches. Throws
    /// <see cref="UsageException"/> naming the flag to fix.
    /// </summary>
    public void Validate(Command command, params ListFlag[] urlFlags)
    {
        if (IsSet && !(Ca.IsSet && Cert.IsSet && Key.IsSet))
        {
            var missing = string.Join(", ", new[] { Ca, Cert, Key }.Where(f => !f.IsSet).Select(f => f.Name));
            throw new UsageException($"TLS needs all three of --tls-ca, --tls-cert and --tls-key: {missing} missing", command);
        }
        try
        {
            if (IsSet)
            {
                _material ??= EtcdTls.Load(Ca.Value!, Cert.Value!, Key.Value!);
            }
            foreach (var flag in urlFlags)
            {
                foreach (var url in flag.Values)
                {
                    EtcdTls.CheckScheme(_material, url, flag.Name);
                }
            }
        }
        catch (WorldException e)
        {
            throw new UsageException(e.Message, command);
        }
    }
}
