namespace Mgmt.Lang.Files;

/// <summary>A file tree on disk, seen with <see cref="Root"/> as '/'.</summary>
public sealed class DiskSourceFiles(string root) : ISourceFiles
{
    public string Root { get; } = Path.GetFullPath(root);

    public bool FileExists(string path) => File.Exists(Map(path));

    public bool DirectoryExists(string path) => Directory.Exists(Map(path));

    public byte[] ReadBytes(string path) => File.ReadAllBytes(Map(path));

    public IReadOnlyList<string> List(string directory)
    {
        var dir = new DirectoryInfo(Map(directory));
        return [.. dir.EnumerateFileSystemInfos()
            .Select(i => i is DirectoryInfo ? i.Name + "/" : i.Name)
            .Order(StringComparer.Ordinal)];
    }

    public string? RealPath(string path) => Map(path);

    private string Map(string path)
    {
        var full = Path.GetFullPath(Path.Join(Root, path.TrimStart('/')));
        // Keep reads inside the program's tree: "../" in a path must not escape it.
        if (full != Root && !full.StartsWith(Root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"{path} is outside the program's directory");
        }
        return full;
    }
}
