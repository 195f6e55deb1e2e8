using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary><c>yaml FILE</c>: a graph in the reference's YAML format.</summary>
public sealed class YamlCommand : FrontEndCommand
{
    public override string Name => "yaml";

    public override string Summary => "a resource graph described in a YAML file";

    public override string? Details =>
        "Reads a resource graph in mgmt's YAML format (graph, resources by kind, edges; see docs/yaml.md). " +
        "Under 'run', edits of the file are applied while the agent runs, unless --no-watch is given.";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("FILE", "the YAML file with the graph")];

    public override IFrontEnd Create(CommandInvocation invocation) => new YamlFrontEnd(invocation.Arguments[0]);
}
