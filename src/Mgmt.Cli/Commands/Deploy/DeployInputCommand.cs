using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.Logging;
using Mgmt.Resources;
using Mgmt.World;
using Mgmt.World.Deploys;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary><c>mgmt deploy lang|yaml|empty INPUT</c>: compiles INPUT here, then stores it as the cluster's next deploy.</summary>
public sealed class DeployInputCommand(string kind) : Command
{
    public override string Name => kind;

    public override string Summary => kind switch
    {
        "lang" => "deploy an mcl program: an .mcl file, or a module directory (main.mcl or metadata.yaml and its files)",
        "yaml" => "deploy a resource graph in a YAML file",
        _ => "deploy an empty graph (the agents stop managing anything)",
    };

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = kind == "empty" ? [] : [new("INPUT", "the file or module directory to deploy (all of it is carried)")];

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var deploy = (DeployCommand)Parent!;
        deploy.Client.RequireSeeds(this);
        DeployPackage package;
        try
        {
            package = DeployPackage.Collect(kind, invocation.Arguments.Count > 0 ? invocation.Arguments[0] : null);
        }
        catch (DeployException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (!await CompilesAsync(package, invocation).ConfigureAwait(false)) return ExitCodes.BadInput;
        var git = deploy.NoGit.Value || package.SourceDirectory is null ? null : GitCommits.Head(package.SourceDirectory);
        await using var admin = await deploy.ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        var publisher = new DeployPublisher(deploy, admin.Deploys, invocation);
        return await publisher.PublishAsync(package.Kind, package.Entry, package.Files, git, async previous =>
        {
            // The history must move forward in git: a commit that does not descend from the last deploy's is refused.
            if (git is null || previous?.GitCommit is not { } before || deploy.Force.Value) return null;
            return GitCommits.Descends(package.SourceDirectory!, before, git)
                ? null
                : $"INPUT is at git commit {git[..12]}, which does not descend from deploy {previous.Id}'s commit {before[..Math.Min(12, before.Length)]}: "
                  + "pull or rebase first, or deploy anyway with --force (--no-git skips the check)";
        }, forRollback: null).ConfigureAwait(false);
    }

    /// <summary>Compiles the files as the agents will get them (a copy of exactly what is carried).</summary>
    private async Task<bool> CompilesAsync(DeployPackage package, CommandInvocation invocation)
    {
        var scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mgmt-deploy-{Guid.NewGuid():N}");
        try
        {
            var files = System.IO.Path.Combine(scratch, "files");
            DeployPackage.Materialize(files, package.Files);
            using var loggers = new LineLoggerFactory(invocation.Error, LogLevel.Warning);
            var context = new FrontEndContext
            {
                Registry = ResourceKinds.CreateRegistry(),
                Hostname = Environment.MachineName,
                Loggers = loggers,
                Watch = false,
            };
            var check = await DeployFrontEnds.CheckAsync(package.Kind, DeployPackage.EntryPath(files, package.Entry), context, invocation.Cancel).ConfigureAwait(false);
            foreach (var e in check.Errors) invocation.Error.WriteLine($"mgmt: error: {e.ToString().Replace(files + System.IO.Path.DirectorySeparatorChar, "", StringComparison.Ordinal)}");
            if (!check.Ok) invocation.Error.WriteLine("mgmt: nothing was deployed; fix the input and deploy again");
            return check.Ok;
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}
