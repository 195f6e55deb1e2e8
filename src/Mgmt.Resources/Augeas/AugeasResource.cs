using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Augeas;
using Mgmt.Platform.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>augeas</c>: values inside a configuration file, edited through augeas' tree view of it (libaugeas with Debian's
/// lenses), so that the rest of the file, comments included, is left as it is. Each entry of <see cref="Sets"/> names
/// a tree path below the file and the value it must have. See docs/resources/augeas.md.
/// </summary>
/// <remarks>
/// The file is parsed afresh at each check (augeas keeps no state between sessions) and written only when a value
/// differs. The watch follows the file with inotify.
/// </remarks>
[ResourceKind("augeas")]
public sealed partial class AugeasResource : Resource, IEdgeable
{
    /// <summary>The mcl type of <see cref="Sets"/>.</summary>
    public const string SetsType = "[]struct{path str; value str}";

    /// <summary>The absolute path of the file to edit.</summary>
    [Param("file")]
    public string File { get; set; } = "";

    /// <summary>The lens that reads the file, such as <c>Shellvars.lns</c>; empty lets augeas pick the one for that path.</summary>
    [Param("lens")]
    public string Lens { get; set; } = "";

    /// <summary>The values to set: each a path relative to the file's tree and its value.</summary>
    [Param("sets", Type = SetsType)]
    public Value? Sets { get; set; }

    /// <summary>The (path, value) pairs of <see cref="Sets"/>.</summary>
    internal IEnumerable<(string Path, string Value)> SetList() =>
        Sets is ListValue list
            ? list.Items.Cast<StructValue>().Select(s => (((StrValue)s["path"]).V, ((StrValue)s["value"]).V))
            : [];

    public override void Validate()
    {
        if (!File.StartsWith('/')) throw new ResourceValidationException($"file '{File}' must be an absolute path (start with /)");
        if (File.EndsWith('/')) throw new ResourceValidationException($"file '{File}' names a directory; name the file to edit");
        if (Lens.Length > 0 && !Lens.EndsWith(".lns", StringComparison.Ordinal))
        {
            throw new ResourceValidationException($"lens '{Lens}' must name a lens, Module.lns (such as Shellvars.lns)");
        }
        var any = false;
        foreach (var (path, _) in SetList())
        {
            any = true;
            if (path.Length == 0) throw new ResourceValidationException("a set has an empty path: name the node below the file, such as PermitRootLogin");
            if (path.StartsWith('/')) throw new ResourceValidationException($"the set path '{path}' must be relative to the file's tree (drop the leading /)");
        }
        if (!any) throw new ResourceValidationException("sets is empty: give at least one {path => ..., value => ...} to set");
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(PathText.Clean(File)).RunAsync(Context, File, cancel);

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        using var tree = AugeasTree.Open(File, Lens);
        var ok = true;
        foreach (var (path, value) in SetList())
        {
            var node = $"/files{File}/{path}";
            var current = tree.Value(node);
            if (current == value) continue;
            ok = false;
            // The value itself is not reported: configuration files hold passwords too.
            Context.Changes.Action(current is null ? $"add {path} in {File}" : $"change {path} in {File}");
            if (!apply) continue;
            tree.Set(node, value);
            AugeasLog.Set(Context.Logger, File, path, current is null ? "added" : "changed");
        }
        if (ok || !apply) return Task.FromResult(ok);
        tree.Save();
        if (Posix.TryStat(File) is null) throw new IOException($"augeas saved no {File}: the lens may not handle that path (name one with 'lens')");
        return Task.FromResult(false);
    }

    // The file's own resource (its directory, its owner) comes first.
    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("augeas", File)];

    public IEnumerable<AutoEdgeSeek> AutoEdges() => [new AutoEdgeSeek([new ResourceUid("file", File)])];
}

internal static partial class AugeasLog
{
    // Values are not logged: configuration files hold passwords too.
    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "{File}: {Path} {How}")]
    public static partial void Set(ILogger logger, string file, string path, string how);
}
