using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Line;

public sealed class LineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<ResourceHarness<LineResource>> Start(LineResource line, bool watch = false) =>
        ResourceHarness<LineResource>.StartAsync(line, watch: watch);

    [Fact]
    public async Task Appends_a_missing_line_after_a_last_line_without_newline_keeping_mode_and_owner()
    {
        var path = _dir["hosts"];
        await File.WriteAllTextAsync(path, "127.0.0.1 localhost", TestContext.Current.CancellationToken);
        Posix.Chmod(path, 0x1A0); // 0640
        await using var h = await Start(new LineResource { Name = "l", File = path, State = "exists", Content = "10.0.0.1 db" });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal("127.0.0.1 localhost", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("127.0.0.1 localhost\n10.0.0.1 db\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(0x1A0u, Posix.TryStat(path)!.Value.Permissions);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Creates_a_missing_file_readable_only_by_its_owner()
    {
        var path = _dir["new.conf"];
        await using var h = await Start(new LineResource { Name = "l", File = path, State = "exists", Content = "key = value" });
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("key = value\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(0x180u, Posix.TryStat(path)!.Value.Permissions);
    }

    [Fact]
    public async Task Removes_every_occurrence_of_a_block_and_nothing_else()
    {
        var path = _dir["list"];
        await File.WriteAllTextAsync(path, "a\nb\nc\nb\na\nb\nx", TestContext.Current.CancellationToken);
        await using var h = await Start(new LineResource { Name = "l", File = path, State = "absent", Content = "a\nb" });
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("c\nb\nx", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.True(await h.CheckApplyAsync());

        // A block is only found whole and in order.
        await File.WriteAllTextAsync(path, "b\na\n", TestContext.Current.CancellationToken);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Absent_from_a_missing_file_and_empty_content_need_nothing()
    {
        await using (var h = await Start(new LineResource { Name = "l", File = _dir["none"], State = "absent", Content = "x" }))
        {
            Assert.True(await h.CheckApplyAsync());
        }
        await using (var h = await Start(new LineResource { Name = "l", File = _dir["none"], State = "exists", Content = "" }))
        {
            Assert.True(await h.CheckApplyAsync());
        }
        Assert.False(File.Exists(_dir["none"]));
    }

    [Fact]
    public async Task Trim_drops_the_white_space_around_the_content()
    {
        var path = _dir["t"];
        await File.WriteAllTextAsync(path, "one\n", TestContext.Current.CancellationToken);
        await using var h = await Start(new LineResource { Name = "l", File = path, State = "exists", Content = "  two\n", Trim = true });
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_symlink_is_followed_and_stays_a_symlink()
    {
        var target = _dir["real"];
        await File.WriteAllTextAsync(target, "x\n", TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(_dir["link"], target);
        await using var h = await Start(new LineResource { Name = "l", File = _dir["link"], State = "exists", Content = "y" });
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("x\ny\n", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
        Assert.True(Posix.TryLstat(_dir["link"])!.Value.IsSymlink);
    }

    [Fact]
    public async Task The_watch_sees_the_file_change_and_the_line_is_put_back()
    {
        var path = _dir["watched"];
        await using var h = await Start(new LineResource { Name = "l", File = path, State = "exists", Content = "keep me" }, watch: true);
        Assert.False(await h.CheckApplyAsync());
        h.Context.DrainEvents();
        await File.WriteAllTextAsync(path, "someone else\n", TestContext.Current.CancellationToken);
        Assert.True(await h.Context.WaitForEventAsync());
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("someone else\nkeep me\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Home_directories_are_expanded()
    {
        Assert.Equal("/root/.profile", new LineResource { File = "~root/.profile" }.FullPath());
        var e = Assert.Throws<IOException>(() => new LineResource { File = "~mgmt-nobody-here/x" }.FullPath());
        Assert.Contains("no user named 'mgmt-nobody-here'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative", "exists", "must be an absolute path")]
    [InlineData("/etc/", "exists", "ends with a slash")]
    [InlineData("~root", "exists", "names a home directory")]
    [InlineData("/etc/x", "present", "state must be 'exists' or 'absent'")]
    public void Refuses_what_cannot_work(string file, string state, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new LineResource { Name = "l", File = file, State = state }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comes_after_the_file_and_its_directory()
    {
        var seeks = new LineResource { Name = "l", File = "/etc/app/app.conf", State = "exists" }.AutoEdges().ToList();
        Assert.Equal(new ResourceUid("file", "/etc/app/app.conf"), seeks[0].Candidates[0]);
        Assert.Equal(new ResourceUid("file", "/etc/app/"), seeks[1].Candidates[0]);
    }
}
