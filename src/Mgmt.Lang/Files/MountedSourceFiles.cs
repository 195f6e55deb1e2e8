namespace Mgmt.Lang.Files;

/// <summary>
/// A file tree with a second tree mounted at a directory of it: paths under <see cref="MountPoint"/> go to the
/// mounted tree, all others to the main one. The global module path (<c>--module-path</c>) is mounted this way when it
/// lies outside the program's directory, so the compiler sees one tree.
/// </summary>
public sealed class MountedSourceFiles : ISourceFiles
{
    private readonly ISourceFiles _main;
    private readonly ISourceFiles _mounted;

    /// <param name="main">The program's tree.</param>
    /// <param name="mountPoint">An absolute directory path ending with <c>/</c>, such as <c>/.modules/</c>.</param>
    /// <param name="mounted">The tree seen under the mount point.</param>
    public MountedSourceFiles(ISourceFiles main, string mountPoint, ISourceFiles mounted)
    {
        if (!mountPoint.StartsWith('/') || !mountPoint.EndsWith('/') || mountPoint == "/")
        {
            throw new ArgumentException("the mount point must be a directory path such as /modules/", nameof(mountPoint));
        }
        _main = main;
        MountPoint = mountPoint;
        _mounted = mounted;
    }

    /// <summary>Where the mounted tree is seen, ending with <c>/</c>.</summary>
    public string MountPoint { get; }

    public bool FileExists(string path) => Route(path, out var p).FileExists(p);

    public bool DirectoryExists(string path) =>
        path.TrimEnd('/') + "/" == MountPoint || Route(path, out var p).DirectoryExists(p);

    public byte[] ReadBytes(string path) => Route(path, out var p).ReadBytes(p);

    public IReadOnlyList<string> List(string directory) => Route(directory, out var p).List(p);

    public string? RealPath(string path) => Route(path, out var p).RealPath(p);

    private ISourceFiles Route(string path, out string inner)
    {
        if (path.StartsWith(MountPoint, StringComparison.Ordinal) || path + "/" == MountPoint)
        {
            inner = "/" + path[Math.Min(path.Length, MountPoint.Length)..];
            return _mounted;
        }
        inner = path;
        return _main;
    }
}
