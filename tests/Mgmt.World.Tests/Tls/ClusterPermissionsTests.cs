using Mgmt.World.Core;
using Mgmt.World.Tls;

namespace Mgmt.World.Tests.Tls;

/// <summary>The permission model in process: each host's grants cover its own keys and nobody else's (the real
/// refusals by etcd are in <see cref="PerHostPermissionsTests"/>).</summary>
public sealed class ClusterPermissionsTests
{
    private static readonly KeyLayout Layout = new("c");

    private static bool Covers(IEnumerable<KeyGrant> grants, string key) =>
        grants.Any(g => g.Write && (g.IsPrefix ? key.StartsWith(g.Key, StringComparison.Ordinal) : key == g.Key));

    [Fact]
    public void AHostsGrantsCoverEveryKeyItWritesAndNoKeyOfAHostWithALongerName()
    {
        var web1 = ClusterPermissions.HostGrants(Layout, "web1");
        foreach (var key in new[]
        {
            Layout.HostKey("web1"), Layout.MapKey("k", "web1"), Layout.ExportKey("*", "web1", "file", "/a/b"), Layout.ScheduleKey("ns", "web1"),
            Layout.StatusKey("web1"), Layout.VolunteerKey("web1"), Layout.Deploy + "followers/web1", Layout.Deploy + "ready/web1/3",
        })
        {
            Assert.True(Covers(web1, key), key);
        }
        foreach (var key in new[]
        {
            Layout.HostKey("web10"), Layout.MapKey("k", "web10"), Layout.ExportKey("*", "web10", "file", "/a"), Layout.ScheduleKey("ns", "web10"),
            Layout.StatusKey("web10"), Layout.VolunteerKey("web10"), Layout.Deploy + "followers/web10", Layout.Deploy + "ready/web10/3",
            Layout.StringKey("k"), Layout.Deploy + "history/1", Layout.EnrolKey("web1"),
        })
        {
            Assert.False(Covers(web1, key), key);
        }
    }

    [Fact]
    public void SharedGrantsAreTheSharedKeysAndNeverTheDeployHistory()
    {
        var shared = ClusterPermissions.SharedGrants(Layout);
        Assert.True(Covers(shared, Layout.StringKey("k")));
        Assert.True(Covers(shared, Layout.Deploy + "barrier/4"));
        Assert.True(Covers(shared, Layout.NominatedKey("web1")));
        Assert.True(Covers(shared, Layout.IdealSize));
        Assert.False(Covers(shared, Layout.Deploy + "history/00000000000000000001"));
        Assert.False(Covers(shared, Layout.Deploy + "blobs/ab"));
        Assert.False(Covers(shared, Layout.HostKey("web1")));
        Assert.False(ClusterPermissions.SharedRead(Layout).Write);
    }

    [Theory]
    [InlineData("root", true)]
    [InlineData("mgmt-admin", true)]
    [InlineData("mgmt-anything", true)]
    [InlineData("web1", false)]
    [InlineData("rooted", false)]
    public void ReservedNamesAreRootAndEveryMgmtName(string name, bool reserved) =>
        Assert.Equal(reserved, ClusterPermissions.IsReserved(name));

    [Fact]
    public void HostKeysAreSplitIntoWriterAndName()
    {
        Assert.Equal(("web1", "words"), KeyLayout.SplitHostKey(Layout.MapKey("words", "web1"), Layout.Maps));
        Assert.Null(KeyLayout.SplitHostKey(Layout.Maps + "web1", Layout.Maps));
        Assert.Null(KeyLayout.SplitHostKey(Layout.Maps + "web1/a/b", Layout.Maps));
        Assert.Null(KeyLayout.SplitHostKey(Layout.Strings + "web1/a", Layout.Maps));
    }
}
