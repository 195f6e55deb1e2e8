using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Mgmt.Lang.Functions;
using Mgmt.Platform.Files;

namespace Mgmt.Lang.Core.LocalFunctions;

/// <summary>
/// The persistent allocations behind <c>local.pool</c>: one JSON file per namespace mapping each uid to its number.
/// A new uid gets the smallest number not yet taken (never 0). Files are replaced atomically, and allocations in
/// one process are serialised per namespace file.
/// </summary>
internal static class PoolStore
{
    private static readonly ConcurrentDictionary<string, object> Locks = new(StringComparer.Ordinal);

    public static long Allocate(string directory, string ns, string uid)
    {
        if (ns.Length == 0 || uid.Length == 0) throw new FunctionException("local.pool needs a non-empty namespace and uid");
        Directory.CreateDirectory(directory);
        var file = Path.Join(directory, FileName(ns));
        lock (Locks.GetOrAdd(file, _ => new object()))
        {
            var table = Load(file);
            if (table.TryGetValue(uid, out var existing)) return existing;
            var taken = table.Values.ToHashSet();
            long next = 1;
            while (taken.Contains(next)) next++;
            table[uid] = next;
            Save(file, table);
            return next;
        }
    }

    /// <summary>A file name safe for any namespace text: readable letters kept, everything else hex-escaped.</summary>
    private static string FileName(string ns)
    {
        var sb = new StringBuilder("ns-");
        foreach (var b in Encoding.UTF8.GetBytes(ns))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_') sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.Append(".json").ToString();
    }

    private static Dictionary<string, long> Load(string file)
    {
        var table = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(file)) return table;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var p in doc.RootElement.EnumerateObject()) table[p.Name] = p.Value.GetInt64();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FunctionException($"local.pool: the allocation file {file} is corrupt ({e.Message}); fix or remove it");
        }
        return table;
    }

    private static void Save(string file, Dictionary<string, long> table)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (uid, n) in table.OrderBy(e => e.Value)) writer.WriteNumber(uid, n);
            writer.WriteEndObject();
        }
        AtomicFile.Write(file, buffer.ToArray());
    }
}
