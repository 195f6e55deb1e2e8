using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.HostResources;

/// <summary>The host kind: one entry of a hosts file added, changed in place or removed, the rest kept.</summary>
public sealed class HostTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Read() => File.ReadAllText(_dir["hosts"]);

    [Fact]
    public async Task An_entry_is_added_then_changed_in_place_and_other_lines_stay_as_they_are()
    {
        var path = _dir["hosts"];
        await File.WriteAllTextAsync(path, "# local\n127.0.0.1   localhost\n10.0.0.9 db.example db # old\n::1 ip6-localhost\n", Ct);
        Posix.Chmod(path, 0x1A0); // 0640
        await using var h = await ResourceHarness<HostResource>.StartAsync(
            new HostResource { Name = "db.example", Ip = "10.0.0.5", Aliases = ["db", "database"], File = path }, watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Contains("10.0.0.9", Read(), StringComparison.Ordinal);

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("# local\n127.0.0.1   localhost\n10.0.0.5\tdb.example\tdb database\n::1 ip6-localhost\n", Read());
        Assert.Equal(0x1A0u, Posix.TryStat(path)!.Value.Permissions);
        Assert.True(await h.CheckApplyAsync());

        // Spacing does not matter; a different comment does.
        await File.WriteAllTextAsync(path, "10.0.0.5  db.example   db database\n", Ct);
        Assert.True(await h.CheckApplyAsync());
        h.Resource.Comment = "primary";
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("10.0.0.5\tdb.example\tdb database\t# primary\n", Read());
    }

    [Fact]
    public async Task Absent_removes_every_line_of_the_name_and_a_missing_file_is_created_readable_by_all()
    {
        var path = _dir["hosts"];
        await using (var h = await ResourceHarness<HostResource>.StartAsync(new HostResource { Name = "a.example", Ip = "10.1.1.1", File = path }, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal(0x1A4u, Posix.TryStat(path)!.Value.Permissions);
        }
        await File.AppendAllTextAsync(path, "10.2.2.2 a.example\n10.3.3.3 b.example\n", Ct);
        await using var gone = await ResourceHarness<HostResource>.StartAsync(new HostResource { Name = "a.example", State = "absent", File = path }, watch: false);
        Assert.False(await gone.CheckApplyAsync());
        Assert.Equal("10.3.3.3 b.example\n", Read());
        Assert.True(await gone.CheckApplyAsync());
    }

    [Fact]
    public async Task Entries_of_one_file_are_grouped_into_one_write()
    {
        var path = _dir["hosts"];
        var first = new HostResource { Name = "a.example", Ip = "10.0.0.1", File = path };
        var second = new HostResource { Name = "b.example", Ip = "10.0.0.2", File = path };
        Assert.True(first.CanGroupWith(second));
        Assert.False(first.CanGroupWith(new HostResource { Name = "c.example", Ip = "10.0.0.3", File = _dir["other"] }));
        first.GroupedMembers.Add(second);
        await using var h = await ResourceHarness<HostResource>.StartAsync(first, watch: false);
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("10.0.0.1\ta.example\n10.0.0.2\tb.example\n", Read());
    }

    [Theory]
    [InlineData("bad name", "10.0.0.1", "is not a host name")]
    [InlineData("db", "", "ip is empty")]
    [InlineData("db", "10.0.0.300", "is not an IPv4 or IPv6 address")]
    public void Mistakes_are_refused_with_what_to_change(string name, string ip, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new HostResource { Name = name, Ip = ip }.Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
