using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.World;
using Mgmt.World.Cluster;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary>
/// <c>mgmt deploy [flags] lang|yaml|empty INPUT</c>: signs code and stores it in the cluster's deploy history, where
/// every following agent verifies and runs it; <c>deploy list|show|rollback</c> look at and go back in the history.
/// </summary>
public sealed class DeployCommand : Command
{
    public DeployCommand()
    {
        Client = new ClusterClientFlags(f => AddFlag(f));
        Noop = AddFlag(new SwitchFlag("--noop", "the agents run the deploy in noop mode: they report what would change and change nothing"));
        Sema = AddFlag(new IntFlag("--sema", "the agents run the deploy with at most N resources applying at once (a shared semaphore, as run --sema)", 0, 1)
        {
            Expects = "a whole number of 1 or more",
            DefaultDescription = "no limit",
        });
        NoAutoEdges = AddFlag(new SwitchFlag("--no-autoedges", "the agents add no automatic edges to the deploy's graph"));
        NoAutoGroup = AddFlag(new SwitchFlag("--no-autogroup", "the agents group no resources of the deploy's graph automatically"));
        NoGit = AddFlag(new SwitchFlag("--no-git", "do not record the git commit of INPUT, nor check that it descends from the previous deploy's"));
        Force = AddFlag(new SwitchFlag("--force", "deploy even when INPUT's git commit does not descend from the previous deploy's"));
        Sign = AddFlag(new TextFlag("--sign", "sign with this armored secret key file (gpg --armor --export-secret-keys), or with this key id through gpg", "KEY")
        {
            EnvironmentVariable = "MGMT_SIGN",
        });
        Rollout = AddFlag(new ChoiceFlag("--rollout", "immediate: each agent switches when it is ready; sync: all switch together once all are ready", "immediate", "immediate", "sync"));
        Timeout = AddFlag(new IntFlag("--timeout", "seconds a sync rollout waits for every agent to be ready before aborting", 60, 1, 86400)
        {
            ValueName = "SEC",
            Expects = "a number of seconds (1 or more)",
        });
        Keep = AddFlag(new IntFlag("--keep", "how many deploys the cluster keeps: after storing, older ones and the files only they use are pruned", DeployPolicy.DefaultKeep, 1, 100000)
        {
            ValueName = "N",
            Expects = "a whole number of 1 or more",
        });
        foreach (var kind in new[] { "lang", "yaml", "empty" }) AddSubcommand(new DeployInputCommand(kind));
        AddSubcommand(new DeployListCommand());
        AddSubcommand(new DeployShowCommand());
        AddSubcommand(new DeployRollbackCommand());
    }

    public override string Name => "deploy";

    public override string Summary => "sign code and push it to every agent of a cluster; list, show or roll back deploys";

    public override string? Details =>
        "Compiles INPUT here, stores its files in the cluster (content-addressed, only new ones are uploaded) and " +
        "appends a deploy, signed with --sign, to the cluster's history. Every agent started with 'mgmt run empty' " +
        "in the cluster verifies the signature against its --trust keys, compiles the deploy and switches to it. " +
        "See docs/deploys.md.";

    /// <summary>--seeds and the TLS flags of the cluster to deploy to.</summary>
    public ClusterClientFlags Client { get; }

    public SwitchFlag Noop { get; }

    /// <summary>How many deploys to keep (pruning is the administrator's: it writes the history).</summary>
    public IntFlag Keep { get; }

    public IntFlag Sema { get; }

    public SwitchFlag NoAutoEdges { get; }

    public SwitchFlag NoAutoGroup { get; }

    public SwitchFlag NoGit { get; }

    public SwitchFlag Force { get; }

    public TextFlag Sign { get; }

    public ChoiceFlag Rollout { get; }

    public IntFlag Timeout { get; }

    public override void Validate()
    {
        Client.Validate(this);
        if (Force.Value && NoGit.Value) throw new UsageException("--force overrides the git check, which --no-git skips: give one of them", this);
    }

    internal Task<ClusterAdmin?> ConnectAsync(Command caller, CommandInvocation invocation) => Client.ConnectAsync(caller, invocation);

    /// <summary>Signs <paramref name="record"/>'s text with --sign; null when not asked to sign.</summary>
    internal string? SignRecord(string record, CommandInvocation invocation) =>
        Sign.Value is { } key ? DeploySignatures.Sign(System.Text.Encoding.UTF8.GetBytes(record), key, invocation.Environment) : null;
}
