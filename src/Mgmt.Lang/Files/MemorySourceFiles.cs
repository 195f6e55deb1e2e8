namespace Mgmt.Lang.Files;

/// <summary>An in-memory file tree (tests, the conformance suite, code received in a deploy).</summary>
public sealed class MemorySourceFiles : ISourceFiles
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public void Add(string path, byte[] content) => _files[Normalize(path)] = content;

    public void Add(string path, string content) => Add(path, System.Text.Encoding.UTF8.GetBytes(content));

    public bool FileExists(string path) => _files.ContainsKey(Normalize(path));

    public bool DirectoryExists(string path)
    {
        var dir = Normalize(path).TrimEnd('/') + "/";
        return dir == "/" || _files.Keys.Any(k => k.StartsWith(dir, StringComparison.Ordinal));
    }

    public byte[] ReadBytes(string path) =>
        _files.TryGetValue(Normalize(path), out var b) ? b : throw new FileNotFoundException($"no file {path}", path);

    public IReadOnlyList<string> List(string directory)
    {
        var dir = Normalize(directory).TrimEnd('/') + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var k in _files.Keys)
        {
            if (!k.StartsWith(dir, StringComparison.Ordinal)) continue;
            var rest = k[dir.Length..];
            var slash = rest.IndexOf('/');
            names.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }
        return [.. names];
    }

    public string? RealPath(string path) => null;

    private static string Normalize(string path) => path.StartsWith('/') ? path : "/" + path;
}
