using System.Collections.Immutable;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Augeas;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Augeas;

/// <summary>The augeas resource with the real libaugeas and Debian's lenses, on files in a temporary directory.</summary>
public sealed class AugeasTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static Value Sets(params (string Path, string Value)[] sets)
    {
        var type = (ListType)DataType.Parse(AugeasResource.SetsType);
        var structType = (StructType)type.Element;
        return new ListValue(type, [.. sets.Select(s => (Value)new StructValue(structType, [new StrValue(s.Path), new StrValue(s.Value)]))]);
    }

    private static void Require()
    {
        if (!File.Exists("/usr/share/augeas/lenses/dist/shellvars.aug")) Assert.Skip("libaugeas0 and augeas-lenses are not installed");
    }

    [Fact]
    public async Task Sets_values_and_keeps_the_rest_of_the_file()
    {
        Require();
        var file = _dir["defaults"];
        await File.WriteAllTextAsync(file, "# keep this comment\nFOO=bar\nBAZ=1\n", Cancel);
        var resource = new AugeasResource { Name = "defaults", File = file, Lens = "Shellvars.lns", Sets = Sets(("FOO", "qux"), ("NEW", "added")) };
        await using var h = await ResourceHarness<AugeasResource>.StartAsync(resource, watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal("# keep this comment\nFOO=bar\nBAZ=1\n", await File.ReadAllTextAsync(file, Cancel));

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("# keep this comment\nFOO=qux\nBAZ=1\nNEW=added\n", await File.ReadAllTextAsync(file, Cancel));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Creates_a_missing_file()
    {
        Require();
        var file = _dir["new.conf"];
        var resource = new AugeasResource { Name = "n", File = file, Lens = "Shellvars.lns", Sets = Sets(("A", "1")) };
        await using var h = await ResourceHarness<AugeasResource>.StartAsync(resource, watch: false);
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("A=1\n", await File.ReadAllTextAsync(file, Cancel));
    }

    [Fact]
    public async Task Without_a_lens_augeas_picks_the_one_for_the_path()
    {
        Require();
        // Read-only on the real /etc/hostname: the Hostname lens is chosen from the path.
        if (!File.Exists("/etc/hostname")) Assert.Skip("no /etc/hostname");
        var name = (await File.ReadAllTextAsync("/etc/hostname", Cancel)).Trim();
        var resource = new AugeasResource { Name = "h", File = "/etc/hostname", Sets = Sets(("hostname", name)) };
        await using var h = await ResourceHarness<AugeasResource>.StartAsync(resource, watch: false);
        Assert.True(await h.CheckApplyAsync(apply: false));
        resource.Sets = Sets(("hostname", name + "-other"));
        Assert.False(await h.CheckApplyAsync(apply: false));
    }

    [Fact]
    public async Task Syntax_errors_unknown_lenses_and_ambiguous_paths_are_clear()
    {
        Require();
        var file = _dir["broken"];
        await File.WriteAllTextAsync(file, "this is = not ( shell\n", Cancel);
        var e = Assert.Throws<AugeasException>(() => AugeasTree.Open(file, "Shellvars.lns"));
        Assert.Contains($"cannot parse {file} with lens Shellvars.lns", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<AugeasException>(() => AugeasTree.Open(file, "Nosuch.lns"));
        Assert.Contains("Nosuch.lns", e.Message, StringComparison.Ordinal);

        var twice = _dir["twice"];
        await File.WriteAllTextAsync(twice, "A=1\nA=2\n", Cancel);
        var resource = new AugeasResource { Name = "t", File = twice, Lens = "Shellvars.lns", Sets = Sets(("A", "3")) };
        await using var h = await ResourceHarness<AugeasResource>.StartAsync(resource, watch: false);
        var ambiguous = await Assert.ThrowsAsync<AugeasException>(() => h.CheckApplyAsync());
        Assert.Contains("matches several nodes", ambiguous.Message, StringComparison.Ordinal);
        resource.Sets = Sets(("A[2]", "3"));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("A=1\nA=3\n", await File.ReadAllTextAsync(twice, Cancel));
    }

    [Fact]
    public async Task The_watch_sees_the_file_change()
    {
        Require();
        var file = _dir["w"];
        await File.WriteAllTextAsync(file, "X=1\n", Cancel);
        await using var h = await ResourceHarness<AugeasResource>.StartAsync(new AugeasResource { Name = "w", File = file, Lens = "Shellvars.lns", Sets = Sets(("X", "1")) });
        Assert.True(await h.CheckApplyAsync());
        h.Context.DrainEvents();
        await File.WriteAllTextAsync(file, "X=2\n", Cancel);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the file changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("X=1\n", await File.ReadAllTextAsync(file, Cancel));
    }

    [Theory]
    [InlineData("rel", "", "A", "must be an absolute path")]
    [InlineData("/etc/", "", "A", "names a directory")]
    [InlineData("/etc/x", "Shellvars", "A", "must name a lens")]
    [InlineData("/etc/x", "", "", "empty path")]
    [InlineData("/etc/x", "", "/A", "relative")]
    public void Parameters_are_checked(string file, string lens, string path, string expected)
    {
        var resource = new AugeasResource { Name = "v", File = file, Lens = lens, Sets = Sets((path, "1")) };
        var e = Assert.Throws<ResourceValidationException>(resource.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("sets is empty", Assert.Throws<ResourceValidationException>(new AugeasResource { Name = "v", File = "/etc/x" }.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_resource_comes_first()
    {
        var seek = Assert.Single(new AugeasResource { Name = "a", File = "/etc/default/x" }.AutoEdges());
        Assert.Equal(new ResourceUid("file", "/etc/default/x"), Assert.Single(seek.Candidates));
    }
}
