using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// <c>tfile</c>: a small real file resource. A path ending in '/' is a directory. It watches its file with a
/// <see cref="FileSystemWatcher"/>, repairs content and existence, seeks its nearest managed parent directory
/// for automatic edges, and can be reversed (the file goes back to what it was before the first apply).
/// </summary>
[ResourceKind("tfile")]
public sealed class FileTestResource : Resource, IEdgeable, IReversible
{
    [Param("path")] public string Path { get; set; } = "";

    [Param("content")] public string? Content { get; set; }

    /// <summary><c>exists</c> (the default) or <c>absent</c>.</summary>
    [Param("state")] public string State { get; set; } = "exists";

    [Param("journal")] public string Journal { get; set; } = "";

    private bool IsDir => Path.EndsWith('/');

    private string FullPath => IsDir ? Path.TrimEnd('/') : Path;

    public override void Validate()
    {
        if (!System.IO.Path.IsPathRooted(Path)) throw new ResourceValidationException($"path must be absolute, not '{Path}'");
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be exists or absent, not '{State}'");
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        if (Journal.Length > 0) Support.Journal.Of(Journal).Add(Name, "watch");
        var dir = System.IO.Path.GetDirectoryName(FullPath)!;
        Directory.CreateDirectory(dir);
        using var watcher = new FileSystemWatcher(dir, System.IO.Path.GetFileName(FullPath))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        FileSystemEventHandler changed = (_, _) => Context.Event();
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Deleted += changed;
        watcher.Renamed += (_, _) => Context.Event();
        watcher.EnableRaisingEvents = true;
        Context.Running();
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Journal.Length > 0) Support.Journal.Of(Journal).Add(Name, "start");
        try
        {
            return Task.FromResult(IsDir ? CheckDir(apply) : CheckFile(apply));
        }
        finally
        {
            if (Journal.Length > 0) Support.Journal.Of(Journal).Add(Name, "end");
        }
    }

    private bool CheckDir(bool apply)
    {
        var exists = Directory.Exists(FullPath);
        if (exists == (State == "exists")) return true;
        if (!apply) return false;
        if (State == "exists") Directory.CreateDirectory(FullPath);
        else Directory.Delete(FullPath, recursive: false);
        return false;
    }

    private bool CheckFile(bool apply)
    {
        if (State == "absent")
        {
            if (!File.Exists(FullPath)) return true;
            if (apply) File.Delete(FullPath);
            return false;
        }
        var current = File.Exists(FullPath) ? File.ReadAllText(FullPath) : null;
        if (current is not null && (Content is null || current == Content)) return true;
        if (apply) File.WriteAllText(FullPath, Content ?? "");
        return false;
    }

    public IEnumerable<ResourceUid> Uids() => [new("tfile", Path)];

    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var path = FullPath;
        while (System.IO.Path.GetDirectoryName(path) is { } parent && parent != path)
        {
            yield return new AutoEdgeSeek([new ResourceUid("tfile", parent.EndsWith('/') ? parent : parent + "/")]);
            path = parent;
        }
    }

    public Resource? Reversed()
    {
        var undo = new FileTestResource { Name = Name, Path = Path };
        if (IsDir)
        {
            undo.State = Directory.Exists(FullPath) ? "exists" : "absent";
        }
        else if (File.Exists(FullPath))
        {
            undo.Content = File.ReadAllText(FullPath);
        }
        else
        {
            undo.State = "absent";
        }
        return undo;
    }
}
