using System.Buffers.Binary;
using System.Text;

namespace Mgmt.Platform.Watching;

// Turning kernel events into subscriber notifications. Runs on the reader thread under _lock.
public sealed partial class InotifyHub
{
    private void Dispatch(ReadOnlySpan<byte> events, HashSet<WatchSubscription> due, List<(WatchSubscription, Exception)> failures)
    {
        // struct inotify_event { int wd; uint32 mask; uint32 cookie; uint32 len; char name[len]; }
        var offset = 0;
        while (offset + 16 <= events.Length)
        {
            var wd = BinaryPrimitives.ReadInt32LittleEndian(events[offset..]);
            var mask = BinaryPrimitives.ReadUInt32LittleEndian(events[(offset + 4)..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(events[(offset + 12)..]);
            var nameBytes = events.Slice(offset + 16, length);
            var end = nameBytes.IndexOf((byte)0);
            var name = Encoding.UTF8.GetString(end < 0 ? nameBytes : nameBytes[..end]);
            offset += 16 + length;

            if ((mask & InotifyMask.QueueOverflow) != 0)
            {
                // Events were lost: everybody re-checks, and every watch is verified against the disk.
                _root.CollectSubtree(due);
                Resync(_root, failures);
                continue;
            }
            if (!_byWd.TryGetValue(wd, out var nodes)) continue;
            // Copy: handling may change which nodes hold this watch.
            foreach (var node in nodes.ToArray())
            {
                if ((mask & InotifyMask.SelfGone) != 0) OnDirectoryGone(node, wd, due, failures);
                else if (name.Length > 0) OnChildEvent(node, name, mask, due, failures);
            }
        }
    }

    // The watched directory was deleted, moved away or unmounted: its path (and everything below) must be
    // looked up afresh, and everyone interested in it re-checks.
    private void OnDirectoryGone(WatchNode node, int wd, HashSet<WatchSubscription> due, List<(WatchSubscription, Exception)> failures)
    {
        if (node.Wd != wd) return;
        node.CollectSubtree(due);
        UnwatchSubtree(node);
        // Something else may already be at the path again (a replaced directory): watch that instead.
        Resync(node, failures);
    }

    private void OnChildEvent(WatchNode node, string name, uint mask, HashSet<WatchSubscription> due, List<(WatchSubscription, Exception)> failures)
    {
        node.ChildrenSubs.AddTo(due);
        for (var n = node; n is not null; n = n.Parent)
        {
            n.RecursiveSubs.AddTo(due);
        }

        var structural = (mask & InotifyMask.Structural) != 0;
        var child = node.Child(name);
        if (child is not null)
        {
            if (!structural)
            {
                child.CollectOwn(due);
                return;
            }
            // The name now refers to another entry (or none): everything at or below it may have changed.
            child.CollectSubtree(due);
            if (child.NeedsWatch || child.Wd >= 0) Resync(child, failures);
            return;
        }

        var appearedDirectory = (mask & InotifyMask.IsDir) != 0 && (mask & (InotifyMask.Create | InotifyMask.MovedTo)) != 0;
        if (appearedDirectory && node.Covered)
        {
            child = node.GetOrAddChild(name);
            child.Implicit = true;
            Resync(child, failures);
        }
    }
}
