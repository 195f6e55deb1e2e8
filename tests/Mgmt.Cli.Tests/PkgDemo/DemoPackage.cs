using System.Security.Cryptography;
using System.Text;
using Mgmt.Platform.Packages;

namespace Mgmt.Cli.Tests.PkgDemo;

/// <summary>
/// The package of examples/mcl/pkg-file-svc.mcl, built here: the container has no network (and the test must not
/// depend on Debian's archive), so the demo installs a tiny real .deb made with dpkg-deb from a flat local apt
/// repository. It ships what a packaged daemon ships: a program, its systemd unit, and the directory of its
/// configuration, but no configuration (the demo writes it). The program refuses to start without its
/// configuration and appends one line per start, with the configuration it read, to <see cref="StartsLog"/>, so
/// that the test can see the order (the first start already read the managed file) and every restart.
/// </summary>
internal static class DemoPackage
{
    public const string Name = "mgmt-demo-web";
    public const string Version = "1.0-1";
    public const string ConfigPath = "/etc/mgmt-demo-web/web.conf";
    public const string StartsLog = "/var/lib/mgmt-demo-web/starts";

    /// <summary>The configuration the example writes, as the program logs it (one line, newlines as ;).</summary>
    public const string ManagedStart = "start: greeting = hello from mgmt;port = 8080;";

    private const string Unit = """
        [Unit]
        Description=mgmt demo: a daemon that needs /etc/mgmt-demo-web/web.conf

        [Service]
        ExecStart=/usr/bin/mgmt-demo-web

        [Install]
        WantedBy=multi-user.target

        """;

    private const string Program = """
        #!/bin/sh
        # A stand-in daemon: it needs its configuration, notes each start with what it read, then idles.
        conf=/etc/mgmt-demo-web/web.conf
        if [ ! -r "$conf" ]; then
            echo "mgmt-demo-web: $conf is missing" >&2
            exit 1
        fi
        mkdir -p /var/lib/mgmt-demo-web
        printf 'start: %s\n' "$(tr '\n' ';' < "$conf")" >> /var/lib/mgmt-demo-web/starts
        exec sleep infinity

        """;

    /// <summary>
    /// Builds the package into <paramref name="repository"/> (a directory) and writes the flat repository's index,
    /// so that <c>deb [trusted=yes] file:DIR ./</c> offers it.
    /// </summary>
    public static async Task BuildRepositoryAsync(string repository, string work, CancellationToken cancel)
    {
        var root = Path.Combine(work, Name);
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        Directory.CreateDirectory(root + "/etc/mgmt-demo-web");
        Directory.CreateDirectory(root + "/usr/bin");
        Directory.CreateDirectory(root + "/usr/lib/systemd/system");
        await File.WriteAllTextAsync(Path.Combine(root, "DEBIAN/control"),
            $"Package: {Name}\nVersion: {Version}\nArchitecture: all\nMaintainer: mgmt tests <tests@example.invalid>\n" +
            "Description: a stand-in daemon for mgmt's package, file and service demo\n", cancel);
        await File.WriteAllTextAsync(root + "/usr/lib/systemd/system/mgmt-demo-web.service", Unit, cancel);
        await File.WriteAllTextAsync(root + "/usr/bin/mgmt-demo-web", Program, cancel);
        File.SetUnixFileMode(root + "/usr/bin/mgmt-demo-web", (UnixFileMode)0b111_101_101);

        Directory.CreateDirectory(repository);
        var deb = Path.Combine(repository, $"{Name}_{Version}_all.deb");
        await RunAsync("dpkg-deb", ["--build", "--root-owner-group", root, deb], cancel);
        var fields = await RunAsync("dpkg-deb", ["--field", deb], cancel);
        var bytes = await File.ReadAllBytesAsync(deb, cancel);
        var index = new StringBuilder()
            .Append(fields.TrimEnd('\n')).Append('\n')
            .Append($"Filename: ./{Path.GetFileName(deb)}\nSize: {bytes.Length}\nSHA256: {Convert.ToHexStringLower(SHA256.HashData(bytes))}\n\n");
        await File.WriteAllTextAsync(Path.Combine(repository, "Packages"), index.ToString(), cancel);
    }

    /// <summary>The installed version in the dpkg database under <paramref name="root"/>, or null.</summary>
    public static string? InstalledVersion(string root) =>
        new DpkgDatabase(root + DpkgDatabase.DefaultAdminDirectory).Snapshot().Find(Name) is { IsInstalled: true } p ? p.Version : null;

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await Platform.Processes.ProcessRunner.RunAsync(new Platform.Processes.ProcessSpec
        {
            Command = program,
            Args = args,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["LC_ALL"] = "C" },
        }, cancel);
        if (!result.Succeeded) throw new InvalidOperationException($"{result.CommandLine} failed: {result.Tail()}");
        return result.Stdout;
    }
}
