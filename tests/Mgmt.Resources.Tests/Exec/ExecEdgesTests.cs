using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecEdgesTests
{
    [Fact]
    public void ProgramsDirectoriesWatchedFilesAndAccountsAreSought()
    {
        var r = new ExecResource
        {
            Name = "n",
            Cmd = "/usr/local/bin/tool --flag",
            Cwd = "/srv/app",
            IfCmd = "test -e /x",
            IfShell = "/bin/bash",
            WatchFiles = ["/etc/app.conf"],
            Creates = "/var/lib/app/done",
            User = "app",
            Group = "staff",
        };
        var sought = r.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("file", "/usr/local/bin/tool"), sought);
        Assert.Contains(new ResourceUid("file", "/bin/bash"), sought);
        Assert.Contains(new ResourceUid("file", "/srv/app/"), sought);
        Assert.Contains(new ResourceUid("file", "/etc/app.conf"), sought);
        Assert.Contains(new ResourceUid("file", "/var/lib/app/"), sought);
        Assert.Contains(new ResourceUid("user", "app"), sought);
        Assert.Contains(new ResourceUid("group", "staff"), sought);
        Assert.DoesNotContain(new ResourceUid("file", "test"), sought);
        Assert.All(r.AutoEdges(), s => Assert.False(s.StopWhenFound));
        Assert.Equal([new ResourceUid("exec", "/usr/local/bin/tool --flag")], r.Uids());
    }
}
