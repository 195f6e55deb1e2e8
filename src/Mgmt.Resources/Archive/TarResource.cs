using System.Formats.Tar;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;

namespace Mgmt.Resources;

/// <summary>
/// <c>tar</c>: a tar archive (<see cref="Path"/>, the name by default) of files and directories
/// (<see cref="Inputs"/>). It is rebuilt when an input's content, mode or owner, the list of files, the format or the
/// archive itself changed since it was last written, which SHA-256 digests kept in the state directory tell.
/// </summary>
/// <remarks>
/// A directory given with a trailing slash puts its contents at the top of the archive; without the slash they go
/// under the directory's own name, as rsync does. A file goes in under its base name. Symbolic links are stored as
/// links; devices, pipes and sockets are refused. The archive is written to a temporary file and renamed into place.
/// See docs/resources/tar.md.
/// </remarks>
[ResourceKind("tar")]
public sealed partial class TarResource : Resource, IEdgeable
{
    private ArchiveRecord? _record;

    /// <summary>The archive to make: an absolute file path; the resource's name when empty.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The files and directories to archive, as absolute paths, in order.</summary>
    [Param("inputs")]
    public List<string> Inputs { get; set; } = [];

    /// <summary>
    /// The header format, as Go numbers them (<c>$const.res.tar.format.*</c>): 0 to let mgmt choose (PAX), 2 for
    /// USTAR, 4 for PAX, 8 for GNU. Changing it rebuilds the archive.
    /// </summary>
    [Param("format")]
    public long Format { get; set; }

    /// <summary>The file actually written.</summary>
    public string EffectivePath => Path.Length > 0 ? Path : Name;

    public override void Validate()
    {
        ArchivePaths.ValidateOutput(EffectivePath);
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (!Inputs[i].StartsWith('/')) throw new ResourceValidationException($"input #{i} '{Inputs[i]}' must be an absolute path (starting with /)");
            if (PathText.HasPrefix(EffectivePath, Inputs[i]))
            {
                throw new ResourceValidationException($"input #{i} '{Inputs[i]}' holds the archive {EffectivePath} itself: write the archive somewhere else");
            }
        }
        _ = EntryFormat(Format);
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _record = new ArchiveRecord(context.VarDir("tar"));
    }

    public override Task WatchAsync(CancellationToken cancel)
    {
        var watch = new SystemWatch().File(EffectivePath);
        foreach (var input in Inputs) watch.File(PathText.Clean(input), WatchDepth.Recursive);
        return watch.RunAsync(Context, EffectivePath, cancel);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var record = _record ?? throw new InvalidOperationException($"{this} used before Init");
        var path = EffectivePath;
        var entries = CollectEntries(cancel);
        var input = InputDigest(entries, cancel);
        var output = ArchiveRecord.HashFile(path, cancel);
        if (output.Length > 0 && input == record.Input && output == record.Output) return Task.FromResult(true);
        if (!apply) return Task.FromResult(false);

        var format = EntryFormat(Format);
        string written = "";
        AtomicFile.WriteStreaming(path, stream =>
        {
            var hashing = new HashingStream(stream);
            using (var writer = new TarWriter(hashing, format, leaveOpen: true))
            {
                foreach (var entry in entries)
                {
                    cancel.ThrowIfCancellationRequested();
                    writer.WriteEntry(entry.Source, entry.Name);
                }
            }
            written = hashing.Digest();
        });
        record.Save(input, written);
        ArchiveLog.Wrote(Context.Logger, $"tar archive ({entries.Count} entries)", path);
        return Task.FromResult(false);
    }

    /// <summary>The header format a <c>format</c> parameter names (shared with <c>deploy:tar</c>).</summary>
    internal static TarEntryFormat EntryFormat(long format) => format switch
    {
        0 or 4 => TarEntryFormat.Pax,
        2 => TarEntryFormat.Ustar,
        8 => TarEntryFormat.Gnu,
        _ => throw new ResourceValidationException($"format is {format}: use 0 (let mgmt choose), 2 (USTAR), 4 (PAX) or 8 (GNU), as $const.res.tar.format.* name them"),
    };

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("file", EffectivePath)];

    // After each input's file resource, and after the nearest managed directory that holds the archive.
    public IEnumerable<AutoEdgeSeek> AutoEdges() => ArchivePaths.Edges(EffectivePath, Inputs);
}
