namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// What to compile, as <c>puppet apply</c> takes it: a manifest file, a directory of manifests (read in name order),
/// or code given on the command line; with an optional configuration file and module path.
/// </summary>
internal sealed record PuppetInput(string? Manifest, string? Code, string? ConfigFile, string? ModulePath)
{
    /// <summary>How messages name the input.</summary>
    public string Description => Manifest ?? "the code given with -e";

    /// <summary>The graph's name: the manifest's name without its extension, or <c>puppet</c>.</summary>
    public string GraphName => Manifest is null ? "puppet" : Path.GetFileNameWithoutExtension(Manifest.TrimEnd('/')) is { Length: > 0 } n ? n : "puppet";

    /// <summary>The module path's directories, when one was given.</summary>
    public IReadOnlyList<string>? ModuleDirectories => ModulePath?.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToList();

    /// <summary>A problem with the input that keeps Puppet from being asked at all, or null.</summary>
    public SourceDiagnostic? Problem()
    {
        if (Manifest is not null && !File.Exists(Manifest) && !Directory.Exists(Manifest))
        {
            return SourceDiagnostic.ForFile(Manifest, "there is no such file or directory; give a .pp manifest, a directory of manifests, or -e CODE");
        }
        if (ConfigFile is not null && !File.Exists(ConfigFile))
        {
            return SourceDiagnostic.ForFile(ConfigFile, "--puppet-conf names no file; give the path of a puppet.conf");
        }
        foreach (var dir in ModuleDirectories ?? [])
        {
            if (!Directory.Exists(dir)) return SourceDiagnostic.ForFile(dir, "--modulepath names a directory that does not exist");
        }
        return null;
    }

    /// <summary>The settings arguments (configuration file, module path), each flag and its value apart.</summary>
    public IEnumerable<string> SettingsArguments()
    {
        if (ConfigFile is not null) yield return "--config";
        if (ConfigFile is not null) yield return Path.GetFullPath(ConfigFile);
        if (ModulePath is not null) yield return "--modulepath";
        if (ModulePath is not null) yield return string.Join(':', ModuleDirectories!);
    }

    /// <summary>
    /// The arguments that tell Puppet what to compile and with which settings. Each value is its own argument: Puppet
    /// cuts a <c>--code=...</c> value at its first newline.
    /// </summary>
    public IEnumerable<string> PuppetArguments() =>
        SettingsArguments().Concat(Manifest is not null ? ["--manifest", Path.GetFullPath(Manifest)] : ["--code", Code!]);
}
