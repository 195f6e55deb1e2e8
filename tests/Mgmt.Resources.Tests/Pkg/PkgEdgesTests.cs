using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

public sealed class PkgEdgesTests
{
    private static PkgResource Installed(TempDirectory dpkg, string name, params string[] files)
    {
        Directory.CreateDirectory(dpkg["info"]);
        File.WriteAllLines(dpkg[$"info/{name}.list"], ["/.", .. files]);
        return new PkgResource { Name = name, DpkgAdminDirectory = dpkg.Path };
    }

    [Fact]
    public void Offers_its_name_its_files_and_its_service_units()
    {
        using var dpkg = new TempDirectory();
        var pkg = Installed(dpkg, "nginx", "/etc", "/etc/nginx", "/etc/nginx/nginx.conf", "/lib/systemd/system/nginx.service",
            "/lib/systemd/system/nginx@.service", "/usr/share/doc/nginx.service/readme");
        var uids = pkg.Uids().ToList();
        Assert.Contains(new ResourceUid("pkg", "nginx"), uids);
        Assert.Contains(new ResourceUid("pkg:file", "/etc/nginx/nginx.conf"), uids);
        Assert.Equal([new ResourceUid("pkg:svc", "nginx")], uids.Where(u => u.Kind == "pkg:svc"));
        // Files are offered as file identities too; directories, often shared with other packages, are not.
        Assert.Contains(new ResourceUid("file", "/etc/nginx/nginx.conf"), uids);
        Assert.Contains(new ResourceUid("file", "/lib/systemd/system/nginx.service"), uids);
        Assert.DoesNotContain(new ResourceUid("file", "/etc/nginx"), uids);
        Assert.DoesNotContain(new ResourceUid("file", "/etc/nginx/"), uids);
        Assert.Contains(new ResourceUid("pkg:file", "/etc/nginx"), uids);
    }

    [Fact]
    public void Comes_before_the_managed_files_and_directories_it_ships_and_its_services()
    {
        using var dpkg = new TempDirectory();
        var pkg = Installed(dpkg, "nginx", "/etc", "/etc/nginx", "/etc/nginx/nginx.conf", "/usr/lib/systemd/system/nginx.service");
        var seeks = pkg.AutoEdges().ToList();
        Assert.All(seeks, s => Assert.True(s.Reversed));
        Assert.All(seeks, s => Assert.False(s.StopWhenFound));
        var files = seeks[0].Candidates;
        Assert.Contains(new ResourceUid("file", "/etc/nginx/"), files);
        Assert.Contains(new ResourceUid("file", "/etc/nginx/nginx.conf"), files);
        Assert.Contains(new ResourceUid("file", "/etc/"), files);
        Assert.Contains(new ResourceUid("svc", "nginx"), seeks[1].Candidates);
    }

    [Fact]
    public void A_package_that_is_not_installed_or_is_being_removed_seeks_nothing()
    {
        using var dpkg = new TempDirectory();
        Directory.CreateDirectory(dpkg["info"]);
        var missing = new PkgResource { Name = "nginx", DpkgAdminDirectory = dpkg.Path };
        Assert.Empty(missing.AutoEdges());
        Assert.Equal([new ResourceUid("pkg", "nginx")], missing.Uids());

        var removed = Installed(dpkg, "sl", "/usr/games/sl");
        removed.State = "uninstalled";
        Assert.Empty(removed.AutoEdges());
    }

    [Fact]
    public void Reads_an_architecture_qualified_file_list()
    {
        using var dpkg = new TempDirectory();
        Directory.CreateDirectory(dpkg["info"]);
        File.WriteAllLines(dpkg["info/libfoo:i386.list"], ["/.", "/usr/lib/i386-linux-gnu/libfoo.so.1"]);
        var pkg = new PkgResource { Name = "libfoo:i386", DpkgAdminDirectory = dpkg.Path };
        Assert.Contains(new ResourceUid("pkg:file", "/usr/lib/i386-linux-gnu/libfoo.so.1"), pkg.Uids());
    }
}
