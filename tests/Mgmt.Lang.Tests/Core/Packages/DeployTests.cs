using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class DeployTests
{
    private static MemorySourceFiles Files()
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", "# main");
        files.Add("/files/file1", "This is file1 in the files/ folder.\n");
        files.Add("/files/foo/a", "This is file a.\n");
        files.Add("/files/foo/nested/b", "This is nested file b.\n");
        files.Add("/mod1/files/file3", "file3 of mod1\n");
        return files;
    }

    [Fact]
    public void ConformancePathsAreRelativeToTheCallingModule()
    {
        using var root = new TestFunctionContext { ProgramFiles = Files(), ProgramDirectory = "/" };
        using var mod1 = new TestFunctionContext { ProgramFiles = Files(), ProgramDirectory = "/mod1/" };
        Assert.Equal(S("/files/file1"), CallWith(root, "deploy.abspath", S("/files/file1")));
        Assert.Equal(S("/mod1/files/file3"), CallWith(mod1, "deploy.abspath", S("/files/file3")));
        Assert.Equal(S("/"), CallWith(root, "deploy.abspath", S("")));
        Assert.Equal(S("/mod1/"), CallWith(mod1, "deploy.abspath", S("")));
        Assert.Equal(S("file3 of mod1\n"), CallWith(mod1, "deploy.readfile", S("/files/file3")));
        Assert.Equal(S("file3 of mod1\n"), CallWith(root, "deploy.readfileabs", S("/mod1/files/file3")));
        Assert.Equal(S("This is file1 in the files/ folder.\n"), CallWith(root, "deploy.readfile", S("/files/file1")));
    }

    [Fact]
    public void MistakesAreReported()
    {
        using var root = new TestFunctionContext { ProgramFiles = Files() };
        Assert.Throws<CatchableException>(() => CallWith(root, "deploy.readfile", S("/files/missing")));
        Assert.Throws<FunctionException>(() => CallWith(root, "deploy.abspath", S("files/file1")));
        Assert.Equal(B(true), CallWith(root, "deploy.file_exists", S("/files/file1")));
        Assert.Equal(B(false), CallWith(root, "deploy.file_exists", S("/files/nope")));
    }

    [Fact]
    public void ConformanceDirectoryIsMaterialisedLocally()
    {
        using var root = new TestFunctionContext { ProgramFiles = Files() };
        var dir = CallWith(root, "deploy.directory", S("/files/foo/")).AsStr();
        Assert.StartsWith(root.VarRoot, dir);
        Assert.EndsWith("/", dir);
        Assert.Equal("This is file a.\n", File.ReadAllText(dir + "a"));
        Assert.Equal("This is nested file b.\n", File.ReadAllText(dir + "nested/b"));

        // A stale local file disappears on the next sync; unchanged files are left alone.
        File.WriteAllText(dir + "stale", "old");
        var before = File.GetLastWriteTimeUtc(dir + "a");
        Assert.Equal(S(dir), CallWith(root, "deploy.directory", S("/files/foo/")));
        Assert.False(File.Exists(dir + "stale"));
        Assert.Equal(before, File.GetLastWriteTimeUtc(dir + "a"));

        Assert.Throws<FunctionException>(() => CallWith(root, "deploy.directory", S("/files/foo")));
        Assert.Throws<CatchableException>(() => CallWith(root, "deploy.directory", S("/files/none/")));
    }

    [Fact]
    public void BootstrapPackagesAndBinaryPath()
    {
        Assert.Contains("ca-certificates", Call("deploy.bootstrap_packages", S("debian")).AsList().Items.Select(x => x.AsStr()));
        Assert.Throws<CatchableException>(() => Call("deploy.bootstrap_packages", S("beos")));
        Assert.True(File.Exists(Call("deploy.binary_path").AsStr()));
    }
}
