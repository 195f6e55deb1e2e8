using System.Security.Cryptography;
using System.Text;

namespace Mgmt.Lang.Files;

/// <summary>
/// A view of a file tree that remembers every file the compiler looked at: the files it read (with what it read)
/// and the files it only probed for (a <c>metadata.yaml</c> that is not there yet). A front end that follows the
/// program's sources watches exactly these, and compares digests to tell a real edit from a touch.
/// </summary>
public sealed class RecordingSourceFiles(ISourceFiles inner) : ISourceFiles
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Seen> _seen = new(StringComparer.Ordinal);

    public bool FileExists(string path)
    {
        var exists = inner.FileExists(path);
        lock (_lock) _seen.TryAdd(path, new Seen(exists, null));
        return exists;
    }

    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public byte[] ReadBytes(string path)
    {
        var bytes = inner.ReadBytes(path);
        lock (_lock) _seen[path] = new Seen(true, bytes);
        return bytes;
    }

    public IReadOnlyList<string> List(string directory) => inner.List(directory);

    public string? RealPath(string path) => inner.RealPath(path);

    /// <summary>Every path read or probed, sorted.</summary>
    public IReadOnlyList<string> Paths()
    {
        lock (_lock) return [.. _seen.Keys];
    }

    /// <summary>
    /// A digest of what was seen: each path with the bytes read from it, or with whether it existed when it was only
    /// probed. Two compilations with equal digests compiled the same sources.
    /// </summary>
    public string Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        lock (_lock)
        {
            foreach (var (path, seen) in _seen)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(path));
                if (seen.Bytes is { } bytes)
                {
                    hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
                    hash.AppendData(bytes);
                }
                else
                {
                    hash.AppendData(seen.Exists ? "\0probed:yes\0"u8 : "\0probed:no\0"u8);
                }
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private readonly record struct Seen(bool Exists, byte[]? Bytes);
}
