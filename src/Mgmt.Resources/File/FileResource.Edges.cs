using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Automatic edges: a file comes after its nearest managed parent directory, after the files it is built from
// (fragments, a source file or tree), and after the user and group that own it.
public sealed partial class FileResource
{
    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("file", FullPath)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var seeks = new List<AutoEdgeSeek>();
        if (HasFragments)
        {
            seeks.Add(new AutoEdgeSeek([.. Fragments!.Select(f => new ResourceUid("file", f))], StopWhenFound: false));
        }
        if (HasSource && !Symlink && Source.StartsWith('/'))
        {
            seeks.Add(new AutoEdgeSeek([new ResourceUid("file", Source)], StopWhenFound: false));
        }
        if (Owner.Length > 0) seeks.Add(new AutoEdgeSeek([new ResourceUid("user", Owner)], StopWhenFound: false));
        if (Group.Length > 0) seeks.Add(new AutoEdgeSeek([new ResourceUid("group", Group)], StopWhenFound: false));
        // Last, because the first match ends the search: the nearest managed ancestor directory.
        var path = FullPath;
        if (path.StartsWith('/'))
        {
            foreach (var ancestor in PathText.Ancestors(path)) seeks.Add(new AutoEdgeSeek([new ResourceUid("file", ancestor)]));
        }
        return seeks;
    }
}
