using Mgmt.Cli.FrontEnds.Puppet.Catalog;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>What translators need besides the resource: where modules are, the environment commands inherit, and where errors go.</summary>
internal sealed class TranslationContext
{
    /// <summary>The module path's directories, in order (for <c>puppet:///modules/NAME/...</c> sources).</summary>
    public required IReadOnlyList<string> ModuleDirectories { get; init; }

    /// <summary>The variables an exec inherits, as Puppet's commands inherit the environment of <c>puppet apply</c>.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Mistakes Puppet would refuse when applying, each at the resource's place in the manifest.</summary>
    public List<SourceDiagnostic> Errors { get; } = [];

    public void Error(CatalogResource at, string message) =>
        Errors.Add(new SourceDiagnostic(at.File ?? at.Ref, at.Line, 1, $"{at.Ref}: {message}"));

    /// <summary>
    /// The file a <c>source</c> names, or null when it is not a local one (an http URL, another server). Throws
    /// nothing: a <c>puppet:///modules/</c> file that is in no module yields the path it would have in the first.
    /// </summary>
    public string? ResolveSource(string source, out bool local)
    {
        local = true;
        if (source.StartsWith('/')) return source;
        if (source.StartsWith("file://", StringComparison.Ordinal))
        {
            var rest = source["file://".Length..];
            return rest.StartsWith('/') ? Uri.UnescapeDataString(rest) : null;
        }
        const string modules = "puppet:///modules/";
        if (source.StartsWith(modules, StringComparison.Ordinal))
        {
            var rest = source[modules.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) return null;
            var module = rest[..slash];
            var file = rest[(slash + 1)..];
            if (file.Split('/').Any(p => p is ".." or ".")) return null;
            foreach (var dir in ModuleDirectories)
            {
                var candidate = Path.Combine(dir, module, "files", file);
                if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate.TrimEnd('/');
            }
            return null;
        }
        local = false;
        return null;
    }
}
