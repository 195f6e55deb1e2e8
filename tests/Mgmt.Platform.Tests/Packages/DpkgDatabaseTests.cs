using Mgmt.Platform.Packages;

namespace Mgmt.Platform.Tests.Packages;

public sealed class DpkgDatabaseTests
{
    private const string Status = """
        Package: hello
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Version: 2.10-3
        Description: example package
         based on GNU hello
         .
         Package: not-a-field
        
        Package: gone
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0
        
        Package: libfoo
        Status: install ok installed
        Architecture: i386
        Multi-Arch: same
        Version: 3
        
        Package: libfoo
        Status: install reinstreq half-configured
        Architecture: amd64
        Multi-Arch: same
        Version: 3
        
        Package: dash
        Essential: yes
        Status: install ok installed
        Architecture: amd64
        Version: 0.5.12-2
        """;

    [Fact]
    public void Parses_names_versions_states_and_skips_continuation_lines()
    {
        var packages = DpkgStatusParser.Parse(new StringReader(Status));
        Assert.Equal(["hello", "gone", "libfoo", "libfoo", "dash"], packages.Select(p => p.Name));
        var hello = packages[0];
        Assert.Equal(("amd64", "2.10-3", "install", "ok", "installed"), (hello.Architecture, hello.Version, hello.Want, hello.Flag, hello.State));
        Assert.True(hello.IsInstalled);
        Assert.False(packages[1].IsInstalled);
        Assert.False(packages[1].IsBroken);
        Assert.True(packages[3].IsBroken);
        Assert.True(packages[4].Essential);
    }

    [Fact]
    public void Finds_a_package_by_name_preferring_an_installed_architecture_or_by_name_and_architecture()
    {
        var snapshot = new DpkgSnapshot(DpkgStatusParser.Parse(new StringReader(Status)));
        Assert.Equal("i386", snapshot.Find("libfoo")!.Architecture);
        Assert.Equal("half-configured", snapshot.Find("libfoo:amd64")!.State);
        Assert.Null(snapshot.Find("libfoo:arm64"));
        Assert.Null(snapshot.Find("nothing"));
        Assert.Equal(5, snapshot.Count);
    }

    [Fact]
    public void Parses_the_status_file_again_only_after_it_changed()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["status"], Status);
        var db = new DpkgDatabase(dir.Path);
        Assert.True(db.Snapshot().Find("hello")!.IsInstalled);
        db.Snapshot();
        Assert.Equal(1, db.ParseCount);

        // dpkg replaces the file by renaming a new one over it.
        File.WriteAllText(dir["status-new"], Status.Replace("install ok installed\nPriority", "deinstall ok config-files\nPriority", StringComparison.Ordinal));
        File.Move(dir["status-new"], dir["status"], overwrite: true);
        Assert.False(db.Snapshot().Find("hello")!.IsInstalled);
        Assert.Equal(2, db.ParseCount);
    }

    [Fact]
    public void Reads_file_lists_without_the_root_entry()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["info"]);
        File.WriteAllLines(dir["info/hello.list"], ["/.", "/usr", "/usr/bin", "/usr/bin/hello"]);
        File.WriteAllLines(dir["info/libfoo:i386.list"], ["/.", "/usr/lib/i386-linux-gnu/libfoo.so.3"]);
        var db = new DpkgDatabase(dir.Path);
        Assert.Equal(["/usr", "/usr/bin", "/usr/bin/hello"], db.FilesOf(new DpkgPackage("hello", "amd64", "1", "install", "ok", "installed", false)));
        Assert.Single(db.FilesOf(new DpkgPackage("libfoo", "i386", "3", "install", "ok", "installed", false)));
        Assert.Empty(db.FilesOf(new DpkgPackage("nothing", "amd64", "1", "install", "ok", "installed", false)));
    }

    [Fact]
    public void A_missing_status_file_is_a_clear_error()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<IOException>(() => new DpkgDatabase(dir.Path).Snapshot());
        Assert.Contains("dpkg's status file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_this_machines_real_database()
    {
        if (!File.Exists("/var/lib/dpkg/status")) Assert.Skip("this machine has no dpkg database (not Debian)");
        var snapshot = new DpkgDatabase().Snapshot();
        Assert.True(snapshot.Find("dpkg")!.IsInstalled);
        Assert.True(snapshot.Count > 50);
    }
}
