using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;

namespace Mgmt.Cli.Commands;

/// <summary>The flags of an agent that follows deploys: the keys it trusts, unsigned deploys. (How many deploys the cluster
/// keeps is mgmt deploy's --keep: pruning writes the deploy history, which only an administrator may.)</summary>
public sealed partial class RunCommand
{
    private TextFlag _trust = null!;
    private SwitchFlag _insecureDeploys = null!;
    private TrustStore? _trustStore;

    private void AddDeployFlags()
    {
        _trust = AddFlag(new TextFlag("--trust", "armored OpenPGP public keys (a file, or a directory of files) whose signed deploys this agent runs", "FILE|DIR")
        {
            EnvironmentVariable = "MGMT_TRUST",
        });
        _insecureDeploys = AddFlag(new SwitchFlag("--insecure-deploys", "without --trust: run unsigned deploys (anyone who can write to the cluster can run code here)"));
    }

    private void ValidateDeploys()
    {
        var given = (_trust.IsSet && !_trust.FromEnvironment) || _insecureDeploys.Value;
        if (given && !Cluster.UsesEtcd)
        {
            throw new UsageException("--trust and --insecure-deploys apply to an agent that follows a cluster's deploys: add --seeds (or --etcd-member to start a cluster)", this);
        }
        if (_trust.IsSet && _insecureDeploys.Value)
        {
            throw new UsageException("--insecure-deploys accepts unsigned deploys, --trust demands signed ones: choose one", this);
        }
        if (_trust.Value is { } path)
        {
            try
            {
                _trustStore = TrustStore.Load(path);
            }
            catch (DeployException e)
            {
                throw new UsageException(e.Message, this);
            }
        }
    }

    /// <summary>How this agent treats deploys.</summary>
    private DeployPolicy Deploys => new(_trustStore, _insecureDeploys.Value, DeployPolicy.DefaultKeep);
}
