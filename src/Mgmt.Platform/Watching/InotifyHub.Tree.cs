using System.IO.Enumeration;
using Mgmt.Platform.Files;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Watching;

// The tree of interesting paths and the kernel watches that serve it. Every method here runs under _lock.
public sealed partial class InotifyHub
{
    private WatchSubscription AddSubscription(string path, WatchDepth depth, IWatchListener listener)
    {
        var node = _root;
        _root.ExplicitRefs++;
        foreach (var part in PathText.Split(path))
        {
            node = node.GetOrAddChild(part);
            node.ExplicitRefs++;
            node.Implicit = false;
        }
        var sub = new WatchSubscription(this, node, depth, listener);
        node.SetFor(depth).Add(sub);

        try
        {
            WatchAlong(node);
            // A recursive subscription must discover the existing tree below, even where watches exist already.
            if (depth == WatchDepth.Recursive && node.Wd >= 0) Resync(node, null);
        }
        catch
        {
            RemoveSubscription(sub);
            throw;
        }
        return sub;
    }

    internal void Unsubscribe(WatchSubscription sub)
    {
        lock (_lock)
        {
            if (_disposed) return;
            RemoveSubscription(sub);
        }
    }

    private void RemoveSubscription(WatchSubscription sub)
    {
        var target = sub.Node;
        target.SetFor(sub.Depth).Remove(sub);
        for (var n = target; n is not null; n = n.Parent) n.ExplicitRefs--;
        if (sub.Depth == WatchDepth.Recursive) PruneUncovered(target);
        Tidy(target);
    }

    /// <summary>
    /// Adds the missing watches from the root down to <paramref name="target"/>, stopping at the first path that
    /// does not exist yet (its parent's watch will report when it appears).
    /// </summary>
    private void WatchAlong(WatchNode target)
    {
        var chain = new List<WatchNode>();
        for (var n = target; n is not null; n = n.Parent) chain.Add(n);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var node = chain[i];
            if (!node.NeedsWatch) return;
            if (node.Wd >= 0) continue;
            var wd = LibC.inotify_add_watch(_fd, node.Path, InotifyMask.DirectoryWatch);
            if (wd < 0)
            {
                var e = PosixException.Last("inotify_add_watch", node.Path);
                if (IsAbsence(e.Errno)) return;
                throw e;
            }
            SetWd(node, wd);
        }
    }

    /// <summary>
    /// Brings the watches of <paramref name="node"/> and everything below in line with what is on disk now: adds
    /// watches for directories that appeared, moves watches whose path now holds another directory, drops
    /// watches of directories that are gone, and discovers directories below recursive subscriptions.
    /// </summary>
    private void Resync(WatchNode node, List<(WatchSubscription, Exception)>? failures)
    {
        if (!node.NeedsWatch)
        {
            if (node.Wd >= 0) ReleaseWd(node, kernel: true);
            return;
        }
        var wd = LibC.inotify_add_watch(_fd, node.Path, InotifyMask.DirectoryWatch);
        if (wd < 0)
        {
            var e = PosixException.Last("inotify_add_watch", node.Path);
            UnwatchSubtree(node);
            PruneImplicitBelow(node);
            if (!IsAbsence(e.Errno)) ReportFailure(node, e, failures);
            return;
        }
        SetWd(node, wd);
        if (node.Covered) DiscoverDirectories(node);
        if (node.Children is null) return;
        foreach (var child in node.Children.Values.ToList()) Resync(child, failures);
    }

    // Below a recursive subscription every real subdirectory gets an implicit node (symlinks are not followed).
    private void DiscoverDirectories(WatchNode node)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var names = new FileSystemEnumerable<string>(
                node.Path,
                (ref FileSystemEntry e) => e.FileName.ToString(),
                new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false })
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) =>
                    e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0,
            };
            foreach (var name in names)
            {
                seen.Add(name);
                var child = node.Child(name);
                if (child is null)
                {
                    child = node.GetOrAddChild(name);
                    child.Implicit = true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Vanished or unreadable meanwhile: the events that follow will resync again.
        }
        if (node.Children is null) return;
        foreach (var child in node.Children.Values.ToList())
        {
            if (child.Implicit && child.ExplicitRefs == 0 && !seen.Contains(child.Name)) RemoveSubtree(child);
        }
    }

    private void ReportFailure(WatchNode node, PosixException e, List<(WatchSubscription, Exception)>? failures)
    {
        var affected = new HashSet<WatchSubscription>();
        node.CollectSubtree(affected);
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            n.RecursiveSubs.AddTo(affected);
        }
        foreach (var sub in affected)
        {
            if (failures is null) throw e;
            failures.Add((sub, e));
        }
    }

    private void SetWd(WatchNode node, int wd)
    {
        if (node.Wd == wd) return;
        if (node.Wd >= 0) ReleaseWd(node, kernel: true);
        node.Wd = wd;
        if (!_byWd.TryGetValue(wd, out var nodes)) _byWd[wd] = nodes = new List<WatchNode>(1);
        nodes.Add(node);
    }

    /// <summary>Forgets the node's watch; removes it from the kernel when no other path shares it.</summary>
    private void ReleaseWd(WatchNode node, bool kernel)
    {
        var wd = node.Wd;
        if (wd < 0) return;
        node.Wd = -1;
        if (!_byWd.TryGetValue(wd, out var nodes)) return;
        nodes.Remove(node);
        if (nodes.Count > 0) return;
        _byWd.Remove(wd);
        // Fails harmlessly when the kernel already dropped it (the directory was deleted).
        if (kernel) LibC.inotify_rm_watch(_fd, wd);
    }

    private void UnwatchSubtree(WatchNode node)
    {
        ReleaseWd(node, kernel: true);
        if (node.Children is null) return;
        foreach (var child in node.Children.Values) UnwatchSubtree(child);
    }

    private void RemoveSubtree(WatchNode node)
    {
        UnwatchSubtree(node);
        node.Parent?.RemoveChild(node);
    }

    private void PruneImplicitBelow(WatchNode node)
    {
        if (node.Children is null) return;
        foreach (var child in node.Children.Values.ToList())
        {
            if (child.ExplicitRefs == 0) RemoveSubtree(child);
        }
    }

    // After a recursive subscription ends, drop the implicit nodes no other recursive subscription needs.
    private void PruneUncovered(WatchNode node)
    {
        if (node.Children is null) return;
        foreach (var child in node.Children.Values.ToList())
        {
            if (child.ExplicitRefs == 0 && !child.Covered) RemoveSubtree(child);
            else PruneUncovered(child);
        }
    }

    // Walks from a node whose subscriptions changed up to the root, removing nodes nobody needs and watches
    // that serve nothing any more.
    private void Tidy(WatchNode from)
    {
        for (var n = from; n is not null; n = n.Parent)
        {
            if (n.Parent is not null && n.ExplicitRefs == 0)
            {
                if (n.Covered && n.Wd >= 0)
                {
                    n.Implicit = true;
                }
                else
                {
                    RemoveSubtree(n);
                    continue;
                }
            }
            if (!n.NeedsWatch && n.Wd >= 0) ReleaseWd(n, kernel: true);
        }
    }

    private static bool IsAbsence(int errno) => errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP;
}
