using Mgmt.Lang.Files;

namespace Mgmt.Lang.Modules;

/// <summary>
/// Finds modules in a file tree: the program's entry module, and the modules its <c>import</c> statements name.
/// Local files and directories are looked up next to the importing module's entry file. Remote modules
/// (<c>git://host/path/</c>) are looked up in module directories: the <c>path:</c> of the importing module's
/// metadata, then those of the modules that imported it (unless one of them sets <c>parentpathblock</c>), then
/// the global module path. With a <see cref="IModuleDownloader"/>, a remote module is first fetched into the
/// first of those directories; without one nothing is downloaded.
/// </summary>
/// <remarks>Paths in its messages go through <c>display</c>, so that they read as the user knows them (the program's
/// directory as typed, not the root of the program's tree).</remarks>
public sealed class ModuleLocator(ISourceFiles files, string? modulePath, IModuleDownloader? downloader = null, Func<string, string>? display = null)
{
    private string Show(string path) => display is null ? path : display(path);

    private readonly string? _modulePath = modulePath is null or "" ? null : Directory(Absolute(modulePath));

    /// <summary>
    /// The entry module: <paramref name="entry"/> is a directory (its <c>metadata.yaml</c>, else its
    /// <c>main.mcl</c>) or an <c>.mcl</c> file.
    /// </summary>
    public ModuleSource LocateEntry(string entry)
    {
        entry = Absolute(entry);
        if (entry.EndsWith(".mcl", StringComparison.Ordinal) && files.FileExists(entry))
        {
            var cut = entry.LastIndexOf('/') + 1;
            return new ModuleSource(entry[..cut], ModuleMetadata.Default with { Main = entry[cut..] }, true, null);
        }
        if (entry.EndsWith('/') || files.DirectoryExists(entry))
        {
            return LocateDirectory(Directory(entry), null)
                ?? throw new ModuleException($"{Show(Directory(entry))} has neither a {ModuleMetadata.FileName} nor a {ModuleMetadata.DefaultMain}: there is no program to run there");
        }
        throw new ModuleException($"{Show(entry)} does not exist: give a directory holding {ModuleMetadata.DefaultMain} (or {ModuleMetadata.FileName}), or an .mcl file");
    }

    /// <summary>The module an import of a local file, local module or remote module refers to.</summary>
    public ModuleSource LocateImport(ImportName name, ModuleSource importer)
    {
        switch (name.Kind)
        {
            case ImportKind.LocalFile:
                {
                    var path = importer.MainDirectory + name.Path;
                    if (!files.FileExists(path)) throw new ModuleException($"there is no file {Show(path)}");
                    var cut = path.LastIndexOf('/') + 1;
                    return new ModuleSource(path[..cut], ModuleMetadata.Default with { Main = path[cut..] }, false, importer);
                }
            case ImportKind.LocalModule:
                {
                    var dir = importer.MainDirectory + name.Path;
                    return LocateDirectory(dir, importer)
                        ?? throw new ModuleException($"there is no module in {Show(dir)} (it needs a {ModuleMetadata.FileName} or a {ModuleMetadata.DefaultMain})");
                }
            case ImportKind.RemoteModule:
                {
                    var searched = SearchPath(importer).ToList();
                    if (downloader is not null) Download(name, searched);
                    foreach (var dir in searched)
                    {
                        var metadata = dir + name.Path + ModuleMetadata.FileName;
                        if (files.FileExists(metadata)) return FromMetadata(dir + name.Path, importer);
                    }
                    var where = searched.Count == 0
                        ? "no module directory is set (use `path:` in metadata.yaml or the module path option)"
                        : "looked in " + string.Join(", ", searched.Select(d => Show(d + name.Path)));
                    throw new ModuleException(downloader is null
                        ? $"the module is not available locally: {where}; run with --download to fetch it"
                        : $"the module is not available locally after downloading: {where}");
                }
            default:
                throw new ArgumentException($"{name.Text} is a core package, not a module", nameof(name));
        }
    }

    /// <summary>Fetches a remote module into the most specific module directory (the first searched).</summary>
    private void Download(ImportName name, List<string> searched)
    {
        var target = searched.FirstOrDefault()
            ?? throw new ModuleException("there is no module directory to download it into: give one with --module-path (or MGMT_MODULE_PATH), or with `path:` in metadata.yaml");
        var real = files.RealPath(target + name.Path)
            ?? throw new ModuleException($"the module directory {Show(target)} is not on disk, so nothing can be downloaded into it");
        downloader!.Fetch(name, real);
    }

    /// <summary>The module directories to search for remote imports of <paramref name="importer"/>, in order.</summary>
    public IEnumerable<string> SearchPath(ModuleSource importer)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var m = importer; m is not null; m = m.Importer)
        {
            if (!m.HasOwnDirectory) continue; // a single imported file has no module directory
            if (m.Metadata.Path.Length > 0 && seen.Add(m.BaseDirectory + m.Metadata.Path)) yield return m.BaseDirectory + m.Metadata.Path;
            if (m.Metadata.ParentPathBlock) break;
        }
        if (_modulePath is not null && seen.Add(_modulePath)) yield return _modulePath;
    }

    /// <summary>A module directory: its metadata file, else a bare <c>main.mcl</c>; null when neither exists.</summary>
    private ModuleSource? LocateDirectory(string dir, ModuleSource? importer)
    {
        if (files.FileExists(dir + ModuleMetadata.FileName)) return FromMetadata(dir, importer);
        if (files.FileExists(dir + ModuleMetadata.DefaultMain)) return new ModuleSource(dir, ModuleMetadata.Default, true, importer);
        return null;
    }

    private ModuleSource FromMetadata(string dir, ModuleSource? importer)
    {
        var path = dir + ModuleMetadata.FileName;
        var metadata = ModuleMetadata.Parse(files.ReadText(path), Show(path));
        if (!files.FileExists(dir + metadata.Main))
        {
            throw new ModuleException($"{Show(path)} names the entry file `{metadata.Main}`, but {Show(dir + metadata.Main)} does not exist");
        }
        return new ModuleSource(dir, metadata, true, importer);
    }

    private static string Absolute(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string Directory(string path) => path.EndsWith('/') ? path : path + "/";
}
