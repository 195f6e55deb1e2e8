using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Automatic edges: an exec comes after the files it runs (programs and shells given by path), the directories
// it runs in, the files it watches, the directory its "creates" file goes into, and its user and group.
public sealed partial class ExecResource
{
    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("exec", Command)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var files = new List<string>();
        foreach (var (command, shell) in new[] { (Command, Shell), (WatchCmd, WatchShell), (IfCmd, IfShell), (NIfCmd, NIfShell), (DoneCmd, DoneShell) })
        {
            if (command.Length == 0) continue;
            var program = shell.Length > 0 ? shell : command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (program.StartsWith('/')) files.Add(program);
        }
        foreach (var dir in new[] { Cwd, WatchCwd, IfCwd, NIfCwd, DoneCwd })
        {
            if (dir.StartsWith('/')) files.Add(PathText.Clean(dir) == "/" ? "/" : PathText.Clean(dir) + "/");
        }
        files.AddRange(WatchFileList);
        files.AddRange(MtimeList);
        if (Creates.StartsWith('/') && PathText.Clean(Creates) != "/") files.Add(PathText.Dirname(Creates));

        var seeks = files.Distinct(StringComparer.Ordinal)
            .Select(f => new AutoEdgeSeek([new ResourceUid("file", f)], StopWhenFound: false))
            .ToList();
        if (User.Length > 0) seeks.Add(new AutoEdgeSeek([new ResourceUid("user", User)], StopWhenFound: false));
        if (Group.Length > 0) seeks.Add(new AutoEdgeSeek([new ResourceUid("group", Group)], StopWhenFound: false));
        return seeks;
    }
}
