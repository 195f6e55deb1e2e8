using System.Runtime.InteropServices;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Packages;

namespace Mgmt.Resources;

// Automatic edges: an installed package comes before the managed files and directories it ships (its config file,
// its directories), and before the services whose units it ships. Others find it by its name (pkg), by the files
// it ships (file: so whatever needs such a file, a command running a program, a service its unit file, comes after
// the package), by every path it owns, directories included (pkg:file), and by the service units it ships
// (pkg:svc, the unit name without ".service"). Directories are not offered as file identities: most of them (/etc,
// /usr/bin) are shared by many packages and would order every file below them after every package.
// A package that is not installed yet has no known file list (apt keeps none without apt-file): its edges appear
// once it is installed and the graph is built again; until then, write the edges in the program.
public sealed partial class PkgResource
{
    private static readonly string[] UnitDirectories = ["/lib/systemd/system/", "/usr/lib/systemd/system/", "/etc/systemd/system/"];

    private IReadOnlyList<string>? _files;

    /// <summary>Where dpkg's database is, for the file lists; tests point it at a fake one.</summary>
    internal string DpkgAdminDirectory { get; set; } = DpkgDatabase.DefaultAdminDirectory;

    public IEnumerable<ResourceUid> Uids()
    {
        yield return new ResourceUid("pkg", Name);
        var files = Files();
        var directories = Directories(files);
        foreach (var file in files)
        {
            yield return new ResourceUid("pkg:file", file);
            if (!directories.Contains(file + "/")) yield return new ResourceUid("file", file);
        }
        foreach (var unit in ServiceUnits()) yield return new ResourceUid("pkg:svc", unit);
    }

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        // Removing a package must not wait for the resources that would use it.
        if (State == Uninstalled) yield break;
        var files = Files();
        if (files.Count > 0)
        {
            var directories = Directories(files);
            // A path that holds other listed paths is a directory, which file resources name with a trailing slash.
            yield return new AutoEdgeSeek(
                [.. files.Select(f => new ResourceUid("file", directories.Contains(f + "/") ? f + "/" : f))],
                Reversed: true, StopWhenFound: false);
        }
        var units = ServiceUnits().ToList();
        if (units.Count > 0)
        {
            yield return new AutoEdgeSeek([.. units.SelectMany(u => new[] { new ResourceUid("svc", u), new ResourceUid("svc", u + ".service") })],
                Reversed: true, StopWhenFound: false);
        }
    }

    /// <summary>The paths the installed package owns, read once from dpkg's file list; empty when it is not installed.</summary>
    internal IReadOnlyList<string> Files()
    {
        if (_files is not null) return _files;
        var info = DpkgAdminDirectory + "/info/";
        var colon = Name.IndexOf(':');
        var (name, arch) = colon > 0 ? (Name[..colon], Name[(colon + 1)..]) : (Name, NativeArchitecture());
        var list = new[] { $"{info}{name}:{arch}.list", $"{info}{name}.list" }.FirstOrDefault(File.Exists);
        try
        {
            _files = list is null ? [] : [.. File.ReadLines(list).Where(l => l.Length > 1 && l != "/.")];
        }
        catch (IOException)
        {
            _files = [];
        }
        return _files;
    }

    /// <summary>The listed paths that hold other listed paths, with a trailing slash: the package's directories.</summary>
    private static HashSet<string> Directories(IReadOnlyList<string> files) =>
        files.Select(Platform.Files.PathText.Dirname).ToHashSet(StringComparer.Ordinal);

    /// <summary>The services whose unit files the package ships, by unit name without <c>.service</c>.</summary>
    private IEnumerable<string> ServiceUnits() =>
        Files()
            .Where(f => f.EndsWith(".service", StringComparison.Ordinal) && UnitDirectories.Any(d => f.StartsWith(d, StringComparison.Ordinal) && f.IndexOf('/', d.Length) < 0))
            .Select(f => f[(f.LastIndexOf('/') + 1)..^".service".Length])
            .Where(u => !u.EndsWith('@'))
            .Distinct(StringComparer.Ordinal);

    private static string NativeArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "i386",
        Architecture.Arm => "armhf",
        Architecture.Ppc64le => "ppc64el",
        Architecture.S390x => "s390x",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        _ => "all",
    };
}
