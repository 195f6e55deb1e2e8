using Mgmt.Cli.FrontEnds.Empty;
using Mgmt.Cli.FrontEnds.Lang;
using Mgmt.Cli.FrontEnds.Puppet;
using Mgmt.Cli.FrontEnds.Yaml;

namespace Mgmt.Cli.FrontEnds;

/// <summary>
/// Every front end the binary offers, as fresh command objects for one parent command. A new front end (the
/// mcl language, Puppet) is added here and becomes available under <c>run</c> and <c>check</c> at once.
/// </summary>
public static class FrontEndCatalog
{
    public static IReadOnlyList<FrontEndCommand> Create() =>
    [
        new LangCommand(),
        new YamlCommand(),
        new PuppetCommand(),
        new EmptyCommand(),
    ];
}
