using Mgmt.Engine.AutoEdges;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>The automatic edges between packages, files, commands, users, groups and mounts, through the engine's own pass.</summary>
public sealed class SystemAutoEdgeTests
{
    [Fact]
    public void A_package_its_files_its_command_and_its_accounts_are_ordered_without_explicit_edges()
    {
        using var dpkg = new TempDirectory();
        Directory.CreateDirectory(dpkg["info"]);
        File.WriteAllLines(dpkg["info/nginx.list"], ["/.", "/etc", "/etc/nginx", "/etc/nginx/nginx.conf", "/usr/sbin/nginx"]);
        var pkg = new PkgResource { Name = "nginx", DpkgAdminDirectory = dpkg.Path };
        var conf = new FileResource { Name = "/etc/nginx/nginx.conf", Content = "x" };
        var check = new ExecResource { Name = "check", Cmd = "/usr/sbin/nginx -t", User = "web" };
        var user = new UserResource { Name = "web", State = "exists", Group = "www" };
        var group = new GroupResource { Name = "www", State = "exists" };
        var mount = new MountResource { Name = "/srv/www", State = "exists", Device = "tmpfs", Type = "tmpfs" };
        var mountPoint = new FileResource { Name = "/srv/www/", State = "exists" };

        var graph = new ResourceGraph();
        foreach (var r in new Resource[] { check, user, conf, group, pkg, mount, mountPoint }) graph.AddVertex(r);
        GraphAutoEdges.Add(graph);

        Assert.True(graph.TryGetEdge(pkg, conf, out _), "pkg -> the config file it ships");
        Assert.True(graph.TryGetEdge(pkg, check, out _), "pkg -> the command that runs its program");
        Assert.True(graph.TryGetEdge(group, user, out _), "group -> its member");
        Assert.True(graph.TryGetEdge(user, check, out _), "user -> the command that runs as it");
        Assert.True(graph.TryGetEdge(mountPoint, mount, out _), "mount point -> mount");
        Assert.False(graph.TryGetEdge(conf, pkg, out _));
    }

    [Fact]
    public void A_service_comes_after_the_package_that_ships_its_unit()
    {
        using var dpkg = new TempDirectory();
        Directory.CreateDirectory(dpkg["info"]);
        File.WriteAllLines(dpkg["info/nginx-core.list"], ["/.", "/lib", "/lib/systemd", "/lib/systemd/system", "/lib/systemd/system/nginx.service"]);
        var pkg = new PkgResource { Name = "nginx-core", DpkgAdminDirectory = dpkg.Path };
        var svc = new SvcResource { Name = "nginx", State = "running" };
        var graph = new ResourceGraph();
        graph.AddVertex(svc);
        graph.AddVertex(pkg);
        GraphAutoEdges.Add(graph);
        Assert.True(graph.TryGetEdge(pkg, svc, out _));
    }

    [Fact]
    public void Deleting_a_user_comes_before_deleting_its_group()
    {
        var user = new UserResource { Name = "web", State = "absent", Groups = ["www"] };
        var group = new GroupResource { Name = "www", State = "absent" };
        var graph = new ResourceGraph();
        graph.AddVertex(group);
        graph.AddVertex(user);
        GraphAutoEdges.Add(graph);
        Assert.True(graph.TryGetEdge(user, group, out _));
    }
}
