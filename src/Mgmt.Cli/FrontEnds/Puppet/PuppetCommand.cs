using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary><c>puppet FILE.pp | DIR | -e CODE</c>: a Puppet manifest, compiled by Puppet and run on the engine.</summary>
public sealed class PuppetCommand : FrontEndCommand
{
    private readonly TextFlag _code;
    private readonly TextFlag _config;
    private readonly TextFlag _modulePath;

    public PuppetCommand()
    {
        _code = AddFlag(new TextFlag("--execute", "Puppet code to run instead of a manifest file, as 'puppet apply -e'", "CODE") { Short = "-e" });
        _config = AddFlag(new TextFlag("--puppet-conf", "Puppet's configuration file (default: Puppet's own, such as /etc/puppet/puppet.conf)", "FILE"));
        _modulePath = AddFlag(new TextFlag("--modulepath", "where Puppet finds modules, directories separated by ':' (default: Puppet's own)", "PATH"));
    }

    public override string Name => "puppet";

    public override string Summary => "a Puppet manifest, compiled by Puppet and run on this engine";

    public override string? Details =>
        "Puppet compiles the manifest (as 'puppet apply' would: facts, classes, defined types, templates, Hiera) into " +
        "a catalog, and its resources run here in parallel along their relationships: file, exec, package, service, " +
        "user, group, mount, host, notify and sysctl natively where their attributes map, everything else through " +
        "Puppet's own providers in one helper process (see docs/puppet.md). Under 'run', edits of the manifest and " +
        "its modules compile again and only the difference is applied, unless --no-watch is given. Under 'check', " +
        "the catalog is compiled and translated without running anything. Needs Puppet (apt-get install puppet-agent).";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("INPUT", "a .pp manifest or a directory of manifests (or none, with -e CODE)", Required: false)];

    public override IFrontEnd Create(CommandInvocation invocation)
    {
        var manifest = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : null;
        if (manifest is null && _code.Value is null) throw new UsageException("'puppet' needs a manifest: give FILE.pp, a directory, or -e CODE", this);
        if (manifest is not null && _code.Value is not null) throw new UsageException("give either a manifest or -e CODE, not both", this);
        return new PuppetFrontEnd(new PuppetInput(manifest, _code.Value, _config.Value, _modulePath.Value));
    }
}
