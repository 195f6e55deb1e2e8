using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.Commands.Tls;

/// <summary><c>mgmt tls init|issue</c>: the cluster's certificate authority and its certificates, without openssl.</summary>
public sealed class TlsCommand : Command
{
    public TlsCommand()
    {
        AddSubcommand(new TlsInitCommand());
        AddSubcommand(new TlsIssueCommand());
    }

    public override string Name => "tls";

    public override string Summary => "make the cluster's certificate authority and the certificates of its hosts and administrators";

    public override string? Details =>
        "A TLS cluster needs one CA (mgmt tls init DIR), a certificate per host (mgmt tls issue --ca DIR HOST, its " +
        "common name is the host name) and one per administrator (mgmt tls issue --ca DIR --admin NAME). Give each " +
        "agent and client its files with --tls-ca, --tls-cert and --tls-key. See docs/security.md.";
}
