namespace Mgmt.Resources;

/// <summary>
/// The Puppet settings a helper process runs with, as <c>puppet apply</c> would take them: a configuration file and
/// a module path (where the types and providers of modules, and <c>puppet:///modules/</c> files, are found). Null
/// leaves Puppet's own default. Resources with equal settings share one helper.
/// </summary>
public sealed record PuppetHelperSettings(string? ConfigFile, string? ModulePath)
{
    /// <summary>The settings as Puppet's command-line arguments.</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>();
        if (ConfigFile is { Length: > 0 } config) args.AddRange(["--config", config]);
        if (ModulePath is { Length: > 0 } modules) args.AddRange(["--modulepath", modules]);
        return args;
    }
}
