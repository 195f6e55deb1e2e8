namespace Mgmt.Lang.Files;

/// <summary>
/// A read-only tree of files with absolute, '/'-separated paths: the program's sources and data files. On disk
/// it is rooted at the program's directory; in tests and the conformance suite it is an in-memory tree.
/// </summary>
public interface ISourceFiles
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    byte[] ReadBytes(string path);

    /// <summary>Names (not paths) of the entries of a directory; directories end with '/'. Sorted ordinally.</summary>
    IReadOnlyList<string> List(string directory);

    /// <summary>The path on the real file system, when there is one (for functions that hand paths to other tools).</summary>
    string? RealPath(string path);
}

public static class SourceFilesExtensions
{
    public static string ReadText(this ISourceFiles files, string path) =>
        System.Text.Encoding.UTF8.GetString(files.ReadBytes(path));
}
