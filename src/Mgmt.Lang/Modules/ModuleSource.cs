namespace Mgmt.Lang.Modules;

/// <summary>
/// Where one module's code lives: its base directory, its entry file and its metadata. A module is either a
/// directory with a <c>metadata.yaml</c> (or just a <c>main.mcl</c>), or a single <c>.mcl</c> file imported by
/// another module. <see cref="Importer"/> links to the module that imported it, so that remote imports can be
/// searched for in the importers' module directories.
/// </summary>
public sealed class ModuleSource
{
    public ModuleSource(string baseDirectory, ModuleMetadata metadata, bool hasOwnDirectory, ModuleSource? importer)
    {
        BaseDirectory = baseDirectory;
        Metadata = metadata;
        HasOwnDirectory = hasOwnDirectory;
        Importer = importer;
    }

    /// <summary>The module's directory, absolute and ending with <c>/</c>.</summary>
    public string BaseDirectory { get; }

    public ModuleMetadata Metadata { get; }

    /// <summary>
    /// True for a module directory (with or without a metadata file); false for a single imported <c>.mcl</c> file,
    /// which has no module directory of its own to search for imports.
    /// </summary>
    public bool HasOwnDirectory { get; }

    /// <summary>The module that imported this one, or null for the program's entry module.</summary>
    public ModuleSource? Importer { get; }

    /// <summary>The absolute path of the entry file.</summary>
    public string MainPath => BaseDirectory + Metadata.Main;

    /// <summary>The directory of the entry file (relative imports start there), absolute, ending with <c>/</c>.</summary>
    public string MainDirectory => BaseDirectory + DirectoryOf(Metadata.Main);

    /// <summary>The part of a relative path up to and including its last <c>/</c> (empty when there is none).</summary>
    public static string DirectoryOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    public override string ToString() => MainPath;
}
