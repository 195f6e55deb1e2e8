using Mgmt.Platform.Files;

namespace Mgmt.Platform.Packages;

/// <summary>
/// dpkg's view of what is installed, read straight from its database directory (<c>/var/lib/dpkg</c>). The status
/// file is parsed at most once per change: each <see cref="Snapshot"/> compares the file's identity, size and
/// times with those of the parsed copy, so any number of package resources can check their state for the price
/// of one stat. Thread-safe; meant to be shared by every package resource of a process.
/// </summary>
public sealed class DpkgDatabase
{
    /// <summary>Where Debian keeps dpkg's database.</summary>
    public const string DefaultAdminDirectory = "/var/lib/dpkg";

    private readonly Lock _lock = new();
    private (ulong Inode, long Size, long Mtime, long Ctime)? _parsedStamp;
    private DpkgSnapshot? _snapshot;

    public DpkgDatabase(string adminDirectory = DefaultAdminDirectory)
    {
        AdminDirectory = PathText.Clean(adminDirectory);
    }

    /// <summary>The database directory.</summary>
    public string AdminDirectory { get; }

    /// <summary>The status file, which dpkg replaces on every package change (watch it to notice them).</summary>
    public string StatusPath => AdminDirectory + "/status";

    /// <summary>How many times the status file was actually parsed (for diagnostics and tests).</summary>
    public int ParseCount { get; private set; }

    /// <summary>The current state of every package dpkg knows. Throws <see cref="IOException"/> when the file cannot be read.</summary>
    public DpkgSnapshot Snapshot()
    {
        var status = Posix.TryStat(StatusPath)
            ?? throw new IOException($"cannot read dpkg's status file {StatusPath}: it does not exist; is this a Debian system with dpkg?");
        var stamp = (status.Inode, status.Size, status.ModifiedNs, status.ChangedNs);
        lock (_lock)
        {
            if (_snapshot is not null && _parsedStamp == stamp) return _snapshot;
        }
        // Parse outside the lock: a concurrent caller at worst parses the same file once more.
        List<DpkgPackage> packages;
        using (var reader = new StreamReader(StatusPath))
        {
            packages = DpkgStatusParser.Parse(reader);
        }
        var snapshot = new DpkgSnapshot(packages);
        lock (_lock)
        {
            ParseCount++;
            _parsedStamp = stamp;
            _snapshot = snapshot;
        }
        return snapshot;
    }

    /// <summary>
    /// The paths an installed package put on the system (files and directories, as dpkg lists them in
    /// <c>info/NAME.list</c> or <c>info/NAME:ARCH.list</c>), without the root entry. Empty when dpkg has no list.
    /// </summary>
    public IReadOnlyList<string> FilesOf(DpkgPackage package)
    {
        var info = AdminDirectory + "/info/";
        foreach (var candidate in new[] { $"{info}{package.Name}:{package.Architecture}.list", $"{info}{package.Name}.list" })
        {
            try
            {
                return [.. File.ReadLines(candidate).Where(l => l.Length > 1 && l != "/.")];
            }
            catch (FileNotFoundException)
            {
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
        return [];
    }
}

/// <summary>The packages dpkg knew at one moment. Immutable.</summary>
public sealed class DpkgSnapshot
{
    private readonly Dictionary<string, List<DpkgPackage>> _byName = new(StringComparer.Ordinal);

    public DpkgSnapshot(IEnumerable<DpkgPackage> packages)
    {
        foreach (var p in packages)
        {
            if (!_byName.TryGetValue(p.Name, out var list)) _byName[p.Name] = list = [];
            list.Add(p);
        }
    }

    /// <summary>How many package records the snapshot holds.</summary>
    public int Count => _byName.Values.Sum(l => l.Count);

    /// <summary>
    /// The record for a package name, or <c>name:arch</c> for one architecture. For a plain name with records of
    /// several architectures, an installed one wins. Null when dpkg has never heard of the package.
    /// </summary>
    public DpkgPackage? Find(string name)
    {
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            var arch = name[(colon + 1)..];
            return _byName.GetValueOrDefault(name[..colon])?.FirstOrDefault(p => p.Architecture == arch);
        }
        var all = _byName.GetValueOrDefault(name);
        return all?.FirstOrDefault(p => p.IsInstalled) ?? all?.FirstOrDefault();
    }
}
