using System.Formats.Tar;
using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;
using Mgmt.World.Deploys;

namespace Mgmt.Resources;

/// <summary>
/// <c>deploy:tar</c>: a tar archive (<see cref="Path"/>, the name by default) of the code this agent runs, so that a
/// host can hand its code on: the files of the running deploy, or, for an agent that runs a program given on its
/// command line, the files <c>mgmt deploy</c> would carry for that input. It is rebuilt when the code (a new deploy,
/// or a changed local file), the format or the archive itself changed since it was last written, which SHA-256
/// digests kept in the state directory tell.
/// </summary>
/// <remarks>
/// Entries are relative paths (<c>main.mcl</c>, <c>files/</c>, <c>files/motd</c>), sorted, with a directory entry
/// before the files under it. The archive is written to a temporary file and renamed into place. See
/// docs/resources/deploy-tar.md.
/// </remarks>
[ResourceKind("deploy:tar")]
public sealed class DeployTarResource : Resource, IEdgeable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private ArchiveRecord? _record;

    /// <summary>The archive to make: an absolute file path; the resource's name when empty.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

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
        _ = TarResource.EntryFormat(Format);
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _record = new ArchiveRecord(context.VarDir("deploy-tar"));
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var code = Context.Services.GetService(typeof(RunningCode)) as RunningCode;
        var watch = new SystemWatch().File(EffectivePath);
        // An agent runs either deploys or its own input for its whole life, so these paths stay what they are now.
        foreach (var path in code?.WatchPaths ?? []) watch.File(path, WatchDepth.Recursive);
        Action changed = Context.Event;
        if (code is not null) code.Changed += changed;
        try
        {
            await watch.RunAsync(Context, EffectivePath, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (code is not null) code.Changed -= changed;
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var record = _record ?? throw new InvalidOperationException($"{this} used before Init");
        var path = EffectivePath;
        var running = RunningCode();
        // An archive inside the local program's directory would be part of the next archive, and so on forever.
        if (running.WatchPaths.FirstOrDefault(input => PathText.HasPrefix(path, input)) is { } holder)
        {
            throw new IOException($"the archive {path} is inside this agent's input {holder}, so it would archive itself: write it somewhere else");
        }
        var code = running.Current();
        var entries = Entries(code);
        var input = InputDigest(code, entries, cancel);
        var output = ArchiveRecord.HashFile(path, cancel);
        if (output.Length > 0 && input == record.Input && output == record.Output) return Task.FromResult(true);
        if (!apply) return Task.FromResult(false);

        var format = TarResource.EntryFormat(Format);
        // Directories take the newest file's time, so that the same code always makes the same archive.
        var directoryTime = code.Files.Count > 0 ? code.Files.Max(f => f.ModifiedAt) : DateTimeOffset.UnixEpoch;
        string written = "";
        AtomicFile.WriteStreaming(path, stream =>
        {
            var hashing = new HashingStream(stream);
            using (var writer = new TarWriter(hashing, format, leaveOpen: true))
            {
                foreach (var (name, file) in entries)
                {
                    cancel.ThrowIfCancellationRequested();
                    writer.WriteEntry(Entry(format, name, file, directoryTime));
                }
            }
            written = hashing.Digest();
        });
        record.Save(input, written);
        var what = code.DeployId is { } id ? $"deploy {id}" : "the agent's own input";
        ArchiveLog.Wrote(Context.Logger, $"tar archive of {what} ({entries.Count} entries)", path);
        return Task.FromResult(false);
    }

    private RunningCode RunningCode() =>
        Context.Services.GetService(typeof(RunningCode)) as RunningCode
        ?? throw new NoRunningCodeException("no deploy is running: this resource runs outside an agent, which alone knows its code");

    /// <summary>Every entry in archive order: each directory (once, before what it holds), then each file.</summary>
    private static List<(string Name, CodeFile? File)> Entries(CodeSnapshot code)
    {
        var entries = new SortedDictionary<string, CodeFile?>(StringComparer.Ordinal);
        foreach (var file in code.Files)
        {
            // The follower verified these paths, but a name that could climb out of the extraction directory is
            // refused here too: this archive is made to be unpacked on other hosts.
            try
            {
                DeployRecord.CheckPath(file.Path);
            }
            catch (FormatException e)
            {
                throw new IOException($"the running code holds a file that cannot go into the archive: {e.Message}");
            }
            var parts = file.Path.Split('/');
            for (var i = 1; i < parts.Length; i++) entries.TryAdd(string.Join('/', parts[..i]) + "/", null);
            entries[file.Path] = file;
        }
        return [.. entries.Select(e => (e.Key, e.Value))];
    }

    /// <summary>The format, the deploy, and for each entry its name, time and content digest.</summary>
    private string InputDigest(CodeSnapshot code, List<(string Name, CodeFile? File)> entries, CancellationToken cancel)
    {
        var text = new StringBuilder($"format:{Format}\ndeploy:{code.DeployId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "local"}\n");
        foreach (var (name, file) in entries)
        {
            text.Append(name);
            if (file is not null)
            {
                text.Append('|').Append(file.ModifiedAt.ToUnixTimeMilliseconds()).Append('|');
                text.Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Content.Span)));
            }
            text.Append('\n');
        }
        return ArchiveRecord.HashStream(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), cancel);
    }

    /// <summary>One header (and content): files as 0644, directories as 0755, both owned by root, at the code's time.</summary>
    private static TarEntry Entry(TarEntryFormat format, string name, CodeFile? file, DateTimeOffset directoryTime)
    {
        var type = file is null ? TarEntryType.Directory : TarEntryType.RegularFile;
        PosixTarEntry entry = format switch
        {
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            _ => new PaxTarEntry(type, name),
        };
        entry.Mode = file is null ? DirectoryMode : FileMode;
        entry.UserName = "root";
        entry.GroupName = "root";
        entry.ModificationTime = file?.ModifiedAt ?? directoryTime;
        if (file is not null)
        {
            entry.DataStream = new MemoryStream(file.Content.ToArray(), writable: false);
        }
        return entry;
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("file", EffectivePath)];

    // After the nearest managed directory that holds the archive.
    public IEnumerable<AutoEdgeSeek> AutoEdges() => ArchivePaths.Edges(EffectivePath, []);
}
