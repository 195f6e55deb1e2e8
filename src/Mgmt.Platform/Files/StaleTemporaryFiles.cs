using System.Text.RegularExpressions;

namespace Mgmt.Platform.Files;

/// <summary>
/// Finds and removes the temporary files of <see cref="AtomicFile"/> (<c>.NAME.HEX.mgmt-tmp</c>) that a process
/// killed while replacing a file left next to it. A temporary file is stale when no process writes it any more: its
/// writer holds an exclusive lock on it while it writes, and the kernel drops the lock when the writer dies, so a
/// file that can be locked is a leftover. One instance is shared by everything that writes files in a process: each
/// directory is listed once (leftovers come from processes that died before this one started), and then each owner
/// removes the leftovers of its own target, in its own check, so never while it writes that target itself.
/// </summary>
/// <remarks>
/// The writer releases its lock just before the rename (a lock kept on the renamed file would make readers that ask
/// for shared access fail). A temporary file caught in that instant would be taken for a leftover only if a second
/// writer of the same target ran at the same moment, which a graph does not allow.
/// </remarks>
public sealed partial class StaleTemporaryFiles
{
    // A symbolic link is made under a temporary name and renamed at once, without a lock: one that has lived this
    // long is a leftover.
    private static readonly TimeSpan SymlinkAge = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _leftovers = new(StringComparer.Ordinal); // target → temporaries

    /// <summary>
    /// Removes the stale temporary files of <paramref name="path"/> (an absolute path) and returns their paths.
    /// Temporaries in use by a live writer are left alone; errors (a directory that cannot be read, a file that
    /// cannot be removed) are skipped, since the leftovers harm nothing but disk space.
    /// </summary>
    public IReadOnlyList<string> RemoveFor(string path)
    {
        var directory = PathText.Dirname(path);
        List<string>? candidates;
        lock (_lock)
        {
            if (_listed.Add(directory)) List(directory);
            if (!_leftovers.Remove(KeyOf(directory, PathText.Basename(path)), out candidates)) return [];
        }
        var removed = new List<string>();
        foreach (var candidate in candidates)
        {
            if (TryRemove(candidate)) removed.Add(candidate);
        }
        return removed;
    }

    // The temporary's name holds the target's name cut to 200 characters (AtomicFile.TemporaryPathFor).
    private static string KeyOf(string directory, string name) => directory + (name.Length > 200 ? name[..200] : name);

    private void List(string directory)
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*" + AtomicFile.TemporarySuffix))
            {
                var match = TemporaryName().Match(PathText.Basename(entry));
                if (!match.Success) continue;
                var key = directory + match.Groups["target"].Value;
                if (!_leftovers.TryGetValue(key, out var list)) _leftovers[key] = list = [];
                list.Add(directory + PathText.Basename(entry));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to clean that we can see.
        }
    }

    private static bool TryRemove(string temporary)
    {
        var status = Posix.TryLstat(temporary);
        if (status is null) return false;
        try
        {
            if (status.Value.IsSymlink)
            {
                var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(status.Value.ModifiedNs / 1_000_000);
                return age > SymlinkAge && Posix.Unlink(temporary);
            }
            if (!status.Value.IsRegular) return false;
            // Taking the writer's lock proves that no writer is left; it is held while the name goes.
            using var handle = File.OpenHandle(temporary, FileMode.Open, FileAccess.Read, FileShare.None);
            return Posix.Unlink(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // a live writer holds it, or it cannot be removed
        }
    }

    [GeneratedRegex(@"^\.(?<target>.+)\.[0-9a-f]{12}\.mgmt-tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
