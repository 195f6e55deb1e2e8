using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.Reversals;

/// <summary>
/// Pending reversals: one small JSON file per reversible resource that ran with <c>Meta:reverse</c>, holding the
/// resource that undoes it. Files are named by a hash of the original's kind and name, written atomically, and
/// deleted once the reversal has been applied. The directory is read once (records left by an earlier run);
/// after that this process knows every change, because it makes them, so commits never touch the disk for it.
/// Thread-safe.
/// </summary>
internal sealed class ReversalStore(string directory)
{
    private readonly Lock _lock = new();
    private Dictionary<(string Kind, string Name), Resource>? _pending;
    private List<Unreadable>? _unreported;

    /// <summary>A pending reversal: the resource it undoes, and a fresh copy of the resource that undoes it.</summary>
    internal sealed record Pending(string ForKind, string ForName, Resource Reversal);

    /// <summary>A record that could not be read; it is left on disk for a human to look at.</summary>
    internal sealed record Unreadable(string Path, string Problem);

    public bool Exists(string kind, string name)
    {
        lock (_lock) return _pending is not null ? _pending.ContainsKey((kind, name)) : File.Exists(PathOf(kind, name));
    }

    /// <summary>Persists <paramref name="reversal"/> as the undo of <c>kind[name]</c>.</summary>
    public void Save(string kind, string name, Resource reversal)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("for");
            w.WriteString("kind", kind);
            w.WriteString("name", name);
            w.WriteEndObject();
            w.WritePropertyName("resource");
            using var resource = JsonDocument.Parse(ResourceRecord.Write(reversal));
            resource.WriteTo(w);
            w.WriteEndObject();
        }
        lock (_lock)
        {
            AtomicFile.Write(PathOf(kind, name), buffer.ToArray());
            if (_pending is not null) _pending[(kind, name)] = reversal.Copy();
        }
    }

    public void Delete(string kind, string name)
    {
        lock (_lock)
        {
            try
            {
                File.Delete(PathOf(kind, name));
            }
            catch (DirectoryNotFoundException)
            {
            }
            _pending?.Remove((kind, name));
        }
    }

    /// <summary>
    /// Every pending reversal (each a fresh copy, safe to run), and the records that could not be read and were
    /// not reported before.
    /// </summary>
    public (List<Pending> Pending, List<Unreadable> Unreadable) Load(Func<string, ResourceDescriptor?> findKind)
    {
        lock (_lock)
        {
            if (_pending is null) ReadDirectory(findKind);
            var pending = _pending!
                .OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => new Pending(p.Key.Kind, p.Key.Name, p.Value.Copy()))
                .ToList();
            var unreadable = _unreported ?? [];
            _unreported = null;
            return (pending, unreadable);
        }
    }

    private void ReadDirectory(Func<string, ResourceDescriptor?> findKind)
    {
        _pending = [];
        _unreported = [];
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                var root = doc.RootElement;
                var (kind, name) = ResourceRecord.ReadIdentity(root.GetProperty("for"));
                _pending[(kind, name)] = ResourceRecord.Read(root.GetProperty("resource"), findKind);
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                          or IOException or NotSupportedException or ArgumentException)
            {
                _unreported.Add(new Unreadable(file, e.Message));
            }
        }
    }

    private string PathOf(string kind, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\0{name}"));
        return Path.Combine(directory, Convert.ToHexStringLower(hash) + ".json");
    }
}
