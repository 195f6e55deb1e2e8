using System.Security.Cryptography;
using System.Text;
using Mgmt.Platform.Packages;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>
/// A private apt setup for tests: a flat repository of packages built here with dpkg-deb, and an apt
/// configuration (its own sources, lists and cache) that sees only that repository. Installs go to the machine's
/// real dpkg; nothing else of the machine's apt configuration is touched. Disposing purges every package the
/// repository ever held and removes the directories.
/// </summary>
public sealed class LocalAptRepository : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mgmt-apt-test-").FullName;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public LocalAptRepository()
    {
        foreach (var dir in new[] { "repo", "apt/sources.list.d", "apt/lists/partial", "apt/cache/archives/partial", "build" })
        {
            Directory.CreateDirectory(Path.Combine(_root, dir));
        }
        File.WriteAllText(Path.Combine(_root, "apt/sources.list"), $"deb [trusted=yes] file:{RepoDirectory} ./\n");
    }

    public string RepoDirectory => Path.Combine(_root, "repo");

    public string ListsDirectory => Path.Combine(_root, "apt/lists");

    public IReadOnlyList<string> ConfigOptions =>
    [
        $"Dir::Etc::SourceList={_root}/apt/sources.list",
        $"Dir::Etc::SourceParts={_root}/apt/sources.list.d",
        $"Dir::State::Lists={ListsDirectory}",
        $"Dir::Cache={_root}/apt/cache",
    ];

    /// <summary>A client that sees only this repository.</summary>
    public AptClient Client() => new() { ConfigOptions = ConfigOptions, ListsDirectory = ListsDirectory };

    /// <summary>True when this machine can run these tests (root, dpkg and apt present).</summary>
    public static string? WhyNot()
    {
        if (Environment.UserName != "root" && Platform.Files.Posix.EffectiveUid != 0) return "installing packages needs root";
        if (!File.Exists("/usr/bin/apt-get") || !File.Exists("/usr/bin/dpkg-deb")) return "apt and dpkg are not installed (not a Debian system)";
        return null;
    }

    /// <summary>Builds a package into the repository (call <see cref="PublishAsync"/> after adding).</summary>
    public async Task AddAsync(string name, string version, string? depends = null, string? postinst = null,
        IReadOnlyDictionary<string, string>? files = null)
    {
        _names.Add(name);
        var build = Path.Combine(_root, "build", $"{name}-{version}");
        Directory.CreateDirectory(Path.Combine(build, "DEBIAN"));
        var control = new StringBuilder()
            .Append($"Package: {name}\nVersion: {version}\nArchitecture: all\nMaintainer: mgmt tests <tests@example.invalid>\n");
        if (depends is not null) control.Append($"Depends: {depends}\n");
        control.Append("Description: a package built by mgmt's tests\n");
        await File.WriteAllTextAsync(Path.Combine(build, "DEBIAN/control"), control.ToString());
        if (postinst is not null)
        {
            var script = Path.Combine(build, "DEBIAN/postinst");
            await File.WriteAllTextAsync(script, "#!/bin/sh\n" + postinst + "\n");
            Platform.Files.Posix.Chmod(script, 0x1ED);
        }
        foreach (var (path, content) in files ?? new Dictionary<string, string> { [$"/usr/share/{name}/version"] = version + "\n" })
        {
            var target = build + path;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, content);
        }
        await RunAsync("dpkg-deb", ["--build", "--root-owner-group", build, Path.Combine(RepoDirectory, $"{name}_{version}_all.deb")]);
    }

    /// <summary>Writes the repository's index and refreshes the private package lists.</summary>
    public async Task PublishAsync()
    {
        var index = new StringBuilder();
        foreach (var deb in Directory.EnumerateFiles(RepoDirectory, "*.deb").Order(StringComparer.Ordinal))
        {
            var fields = await RunAsync("dpkg-deb", ["--field", deb]);
            var bytes = await File.ReadAllBytesAsync(deb);
            index.Append(fields.Stdout.TrimEnd('\n')).Append('\n')
                .Append($"Filename: ./{Path.GetFileName(deb)}\nSize: {bytes.Length}\nSHA256: {Convert.ToHexStringLower(SHA256.HashData(bytes))}\n\n");
        }
        await File.WriteAllTextAsync(Path.Combine(RepoDirectory, "Packages"), index.ToString());
        await RunAsync("apt-get", [.. ConfigOptions.Prepend("APT::Sandbox::User=root").SelectMany(o => new[] { "-o", o }), "-q", "update"]);
    }

    /// <summary>dpkg's state of a package: its version when installed, else null.</summary>
    public static string? InstalledVersion(string name) =>
        new DpkgDatabase().Snapshot().Find(name) is { IsInstalled: true } p ? p.Version : null;

    public static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> args, bool check = true)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Command = program,
            Args = args,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["LC_ALL"] = "C" },
        }, CancellationToken.None);
        if (check && !result.Succeeded) throw new InvalidOperationException($"{result.CommandLine} failed: {result.Tail()}");
        return result;
    }

    public void Dispose()
    {
        if (_names.Count > 0)
        {
            // dpkg does not wait for its lock: try again while another package manager holds it.
            for (var attempt = 0; attempt < 60; attempt++)
            {
                var purge = RunAsync("dpkg", ["--purge", "--force-remove-reinstreq", "--force-depends", .. _names], check: false).GetAwaiter().GetResult();
                if (purge.Succeeded || !purge.Output.Contains("lock", StringComparison.Ordinal)) break;
                Thread.Sleep(1000);
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
