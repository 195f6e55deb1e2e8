using System.Text.Json;
using Mgmt.Cli.FrontEnds.Puppet.Catalog;
using Mgmt.Cli.FrontEnds.Puppet.Translation;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>How catalog resources become native resources or go through Puppet, on hand-written catalogs (no Puppet needed).</summary>
public sealed class CatalogTranslatorTests : IDisposable
{
    private readonly string _modules = Directory.CreateTempSubdirectory("mgmt-puppet-modules-").FullName;

    private (CatalogTranslation Result, Dictionary<string, Resource> ByName) Translate(Func<CatalogJson, CatalogJson> build)
    {
        var json = build(new CatalogJson().Container("Stage", "main").Container("Class", "main").Contains("Stage[main]", "Class[main]"));
        var context = new TranslationContext
        {
            ModuleDirectories = [_modules],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/root" },
        };
        var result = new CatalogTranslator(context, new PuppetHelperSettings(null, _modules)).Translate(CompiledCatalog.Parse(json.Build()), "site");
        var byName = (result.Graph?.Vertices ?? []).ToDictionary(v => $"{v.Kind}[{v.Name}]");
        return (result, byName);
    }

    private static T One<T>(Dictionary<string, Resource> byName) where T : Resource => Assert.IsType<T>(Assert.Single(byName.Values));

    [Fact]
    public void A_directory_gets_a_trailing_slash_and_search_permission_wherever_read_is_given()
    {
        var (result, byName) = Translate(j => j.Leaf("File", "/srv/www/", new { ensure = "directory", mode = "644", owner = "www-data" }));
        Assert.Empty(result.Errors);
        var dir = Assert.IsType<FileResource>(byName["file[/srv/www/]"]);
        Assert.Equal(FileResource.StateExists, dir.State);
        Assert.Equal("0755", dir.Mode);
        Assert.Equal("www-data", dir.Owner);
    }

    [Fact]
    public void Content_links_and_absent_files_map_onto_the_file_kind()
    {
        var (result, byName) = Translate(j => j
            .Leaf("File", "/etc/motd", new { content = "hi\n", mode = "0644" })
            .Leaf("File", "/etc/link", new { ensure = "link", target = "/etc/motd" })
            .Leaf("File", "/etc/other", new { ensure = "/etc/motd" })
            .Leaf("File", "/tmp/old", new { ensure = "absent", backup = false }));
        Assert.Empty(result.Errors);
        Assert.Empty(result.ThroughPuppet);
        var motd = (FileResource)byName["file[/etc/motd]"];
        Assert.Equal(("hi\n", FileResource.StateExists, "0644"), (motd.Content, motd.State, motd.Mode));
        var link = (FileResource)byName["file[/etc/link]"];
        Assert.True(link.Symlink);
        Assert.Equal("/etc/motd", link.Source);
        Assert.True(((FileResource)byName["file[/etc/other]"]).Symlink);
        Assert.Equal(FileResource.StateAbsent, ((FileResource)byName["file[/tmp/old]"]).State);
    }

    [Fact]
    public void A_puppet_modules_source_is_found_in_the_module_path_and_a_missing_one_is_an_error_at_its_line()
    {
        Directory.CreateDirectory(Path.Combine(_modules, "web/files/conf.d"));
        File.WriteAllText(Path.Combine(_modules, "web/files/logo.txt"), "logo");
        var (result, byName) = Translate(j => j
            .Leaf("File", "/srv/logo", new { source = "puppet:///modules/web/logo.txt" })
            .Leaf("File", "/srv/conf.d", new { ensure = "directory", source = "puppet:///modules/web/conf.d", recurse = true, purge = true }));
        Assert.Empty(result.Errors);
        Assert.Equal(Path.Combine(_modules, "web/files/logo.txt"), ((FileResource)byName["file[/srv/logo]"]).Source);
        var tree = (FileResource)byName["file[/srv/conf.d/]"];
        Assert.Equal((Path.Combine(_modules, "web/files/conf.d") + "/", true, true), (tree.Source, tree.Recurse, tree.Purge));

        var (missing, _) = Translate(j => j.Leaf("File", "/srv/x", new { source = new[] { "puppet:///modules/web/nope", "/nowhere" } }, "/m/init.pp", 12));
        var error = Assert.Single(missing.Errors);
        Assert.Equal(("/m/init.pp", 12), (error.File, error.Line));
        Assert.Contains("File[/srv/x]: none of its sources exists", error.Message, StringComparison.Ordinal);
        Assert.Null(missing.Graph);
    }

    [Fact]
    public void An_exec_runs_through_sh_with_puppets_timeout_path_environment_and_guards()
    {
        var (result, byName) = Translate(j => j.Leaf("Exec", "make", new
        {
            command = "make install",
            path = new[] { "/usr/local/bin", "/usr/bin:/bin" },
            environment = new[] { "DEST=/opt" },
            onlyif = new[] { "test -f Makefile", "test -d src" },
            unless = "test -f /opt/done",
            cwd = "/src",
            refreshonly = true,
            tries = 3,
            try_sleep = 2,
            logoutput = true,
        }));
        Assert.Empty(result.Errors);
        var exec = One<ExecResource>(byName);
        Assert.Equal(("make install", "/bin/sh", "/src", 300UL, true), (exec.Cmd, exec.Shell, exec.Cwd, exec.Timeout, exec.RefreshOnly));
        Assert.Equal("/usr/local/bin:/usr/bin:/bin", exec.Env!["PATH"]);
        Assert.Equal("/opt", exec.Env["DEST"]);
        Assert.Equal("/root", exec.Env["HOME"]);
        Assert.Equal("( test -f Makefile\n) && ( test -d src\n)", exec.IfCmd);
        Assert.Equal("test -f /opt/done", exec.NIfCmd);
        Assert.Equal((2, 2000L), (exec.Meta.Retry, exec.Meta.Delay));
    }

    [Fact]
    public void An_unqualified_command_without_path_is_refused_as_puppet_refuses_it()
    {
        var (result, _) = Translate(j => j.Leaf("Exec", "echo hi", line: 4));
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("'echo' is not qualified and no path was given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_and_services_map_their_states()
    {
        var (result, byName) = Translate(j => j
            .Leaf("Package", "nginx", new { ensure = "latest" })
            .Leaf("Package", "old", new { ensure = "absent" })
            .Leaf("Package", "pinned", new { ensure = "1.2-3" })
            .Leaf("Service", "web", new { name = "nginx", ensure = true, enable = "false", hasrestart = true }));
        Assert.Empty(result.Errors);
        Assert.Equal(PkgResource.Newest, ((PkgResource)byName["pkg[nginx]"]).State);
        Assert.Equal(PkgResource.Uninstalled, ((PkgResource)byName["pkg[old]"]).State);
        Assert.Equal("1.2-3", ((PkgResource)byName["pkg[pinned]"]).State);
        var svc = (SvcResource)byName["svc[nginx]"];
        Assert.Equal((SvcResource.StateRunning, SvcResource.StartupDisabled, true), (svc.State, svc.Startup, svc.RestartOnRefresh));
    }

    [Fact]
    public void An_unknown_type_or_attribute_goes_through_puppet_with_its_parameters_and_without_its_relationships()
    {
        var (result, byName) = Translate(j => j
            .Leaf("Tidy", "/tmp/junk", new { recurse = true, matches = new[] { "*.tmp" } })
            .Leaf("Package", "gem", new { provider = "gem", ensure = "installed", require = "Tidy[/tmp/junk]" })
            .Leaf("File", "/etc/keep", new { content = "x", replace = false, noop = true }));
        Assert.Empty(result.Errors);
        var tidy = (PippetResource)byName["pippet[Tidy[/tmp/junk]]"];
        Assert.Equal(("tidy", "/tmp/junk", _modules), (tidy.Type, tidy.Title, tidy.ModulePath));
        Assert.Equal("{\"matches\":[\"*.tmp\"],\"recurse\":true}", tidy.Params);
        var gem = (PippetResource)byName["pippet[Package[gem]]"];
        Assert.DoesNotContain("require", gem.Params, StringComparison.Ordinal);
        var keep = (PippetResource)byName["pippet[File[/etc/keep]]"];
        Assert.True(keep.Meta.Noop);
        Assert.Equal(["Tidy", "Package:provider", "File:replace"], result.ThroughPuppet.Select(f => f.Attribute is null ? f.Type : $"{f.Type}:{f.Attribute}"));
        Assert.True(result.Graph!.TryGetEdge(tidy, gem, out _));
    }

    [Fact]
    public void A_cycle_is_an_error_naming_the_resources()
    {
        var (result, _) = Translate(j => j
            .Leaf("Exec", "/bin/a", new { before = "Exec[/bin/b]" })
            .Leaf("Exec", "/bin/b", new { before = "Exec[/bin/a]" }));
        var error = Assert.Single(result.Errors);
        Assert.Contains("dependency cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("Exec[/bin/a]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notify_host_mount_and_runtime_sysctl_are_native()
    {
        var (result, byName) = Translate(j => j
            .Leaf("Notify", "hello", new { message = "hi there" })
            .Leaf("Host", "db", new { ip = "10.0.0.5", host_aliases = "db1 db2", target = "/tmp/hosts" })
            .Leaf("Mount", "/mnt/data", new { ensure = "mounted", device = "/dev/sdb1", fstype = "ext4", options = "noatime,errors=remount-ro", pass = 2 })
            .Leaf("Sysctl_runtime", "vm.swappiness", new { val = "10" }));
        Assert.Empty(result.Errors);
        Assert.Empty(result.ThroughPuppet);
        Assert.Equal("hi there", ((PrintResource)byName["print[hello]"]).Msg);
        var host = (HostResource)byName["host[db]"];
        Assert.Equal(["db1", "db2"], host.Aliases);
        var mount = (MountResource)byName["mount[/mnt/data]"];
        Assert.Equal("remount-ro", mount.Options!["errors"]);
        Assert.Equal(2, mount.PassNo);
        var sysctl = (SysctlResource)byName["sysctl[vm.swappiness]"];
        Assert.Equal(("10", true, false), (sysctl.Value, sysctl.Runtime, sysctl.Persist));
    }

    [Fact]
    public void A_sensitive_value_is_used_unwrapped()
    {
        var content = JsonDocument.Parse("{\"__ptype\":\"Sensitive\",\"__pvalue\":\"secret\"}").RootElement;
        var (result, byName) = Translate(j => j.Leaf("File", "/etc/secret", new Dictionary<string, object> { ["content"] = content, ["mode"] = "0600" }));
        Assert.Empty(result.Errors);
        Assert.Equal("secret", One<FileResource>(byName).Content);
    }

    public void Dispose() => Directory.Delete(_modules, recursive: true);
}
