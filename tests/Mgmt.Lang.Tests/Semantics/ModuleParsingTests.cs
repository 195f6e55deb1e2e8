using Mgmt.Lang.Files;
using Mgmt.Lang.Modules;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>Import names, metadata files and the module search path.</summary>
public sealed class ModuleParsingTests
{
    [Theory]
    [InlineData("fmt", ImportKind.Core, "fmt", "fmt")]
    [InlineData("golang/strings", ImportKind.Core, "strings", "golang/strings")]
    [InlineData("example/nested-thing", ImportKind.Core, "nested_thing", "example/nested-thing")]
    [InlineData("second.mcl", ImportKind.LocalFile, "second", "second.mcl")]
    [InlineData("dir/x.mcl", ImportKind.LocalFile, "x", "dir/x.mcl")]
    [InlineData("mod1/", ImportKind.LocalModule, "mod1", "mod1/")]
    [InlineData("git://github.com/purpleidea/mgmt-example1/", ImportKind.RemoteModule, "example1", "github.com/purpleidea/mgmt-example1/")]
    [InlineData("git://example.com:8080/Some-Module", ImportKind.RemoteModule, "some_module", "example.com/Some-Module/")]
    public void Import_names_have_a_kind_a_default_alias_and_a_path(string text, ImportKind kind, string alias, string path)
    {
        var name = ImportName.Parse(text);
        Assert.Equal((kind, alias, path), (name.Kind, name.Alias, name.Path));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/abs/x.mcl", "absolute")]
    [InlineData("a/../b.mcl", "clean")]
    [InlineData("./b.mcl", "clean")]
    [InlineData("a//b/", "clean")]
    [InlineData("git://host", "empty")]
    [InlineData("-dash-/", "dash")]
    public void Bad_import_names_say_what_is_wrong(string text, string says)
    {
        var e = Assert.Throws<ModuleException>(() => ImportName.Parse(text));
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void Metadata_has_defaults_and_reads_every_field()
    {
        Assert.Equal(ModuleMetadata.Default, ModuleMetadata.Parse("", "/m.yaml"));
        Assert.Equal(ModuleMetadata.Default, ModuleMetadata.Parse("# only a comment\n", "/m.yaml"));
        var m = ModuleMetadata.Parse("main: \"src/prog.mcl\"\npath: vendor/\nfiles: data/\nlicense: MIT\nparentpathblock: true\nunknown: ignored\n", "/m.yaml");
        Assert.Equal(("src/prog.mcl", "vendor/", "data/", "MIT", true), (m.Main, m.Path, m.Files, m.License, m.ParentPathBlock));
    }

    [Theory]
    [InlineData("main: /abs.mcl\n", "`main`")]
    [InlineData("main: dir/\n", "`main`")]
    [InlineData("path: vendor\n", "`path`")]
    [InlineData("files: /data/\n", "`files`")]
    [InlineData("parentpathblock: maybe\n", "true or false")]
    [InlineData("main: [a, b]\n", "single value")]
    [InlineData("- a list\n", "mapping")]
    [InlineData("main: \"unclosed\n", "not valid YAML")]
    public void Bad_metadata_is_reported_with_the_file_and_the_field(string text, string says)
    {
        var e = Assert.Throws<ModuleException>(() => ModuleMetadata.Parse(text, "/mod/metadata.yaml"));
        Assert.Contains(says, e.Message);
        Assert.Contains("/mod/metadata.yaml", e.Message);
    }

    [Fact]
    public void The_entry_is_found_from_a_directory_or_a_file()
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", "");
        files.Add("/sub/metadata.yaml", "main: start.mcl\n");
        files.Add("/sub/start.mcl", "");
        var locator = new ModuleLocator(files, null);
        Assert.Equal("/main.mcl", locator.LocateEntry("/").MainPath);
        Assert.Equal("/sub/start.mcl", locator.LocateEntry("/sub").MainPath);
        Assert.Equal("/sub/start.mcl", locator.LocateEntry("/sub/start.mcl").MainPath);
        Assert.Throws<ModuleException>(() => locator.LocateEntry("/nothing/"));
        files.Add("/bad/metadata.yaml", "main: missing.mcl\n");
        Assert.Contains("missing.mcl", Assert.Throws<ModuleException>(() => locator.LocateEntry("/bad/")).Message);
    }

    [Fact]
    public void Remote_modules_are_searched_in_the_importers_directories_then_the_module_path()
    {
        var files = new MemorySourceFiles();
        files.Add("/metadata.yaml", "path: top/\n");
        files.Add("/main.mcl", "");
        var locator = new ModuleLocator(files, "/global");
        var root = locator.LocateEntry("/");
        var child = new ModuleSource("/top/h/a/", ModuleMetadata.Default with { Path = "own/" }, true, root);
        Assert.Equal(["/top/h/a/own/", "/top/", "/global/"], locator.SearchPath(child));
        var blocked = new ModuleSource("/top/h/b/", ModuleMetadata.Default with { ParentPathBlock = true }, true, root);
        Assert.Equal(["/global/"], locator.SearchPath(blocked));
        var file = new ModuleSource("/lib/", ModuleMetadata.Default with { Main = "x.mcl" }, false, root);
        Assert.Equal(["/top/", "/global/"], locator.SearchPath(file));
    }
}
