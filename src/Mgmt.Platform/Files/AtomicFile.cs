using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Mgmt.Platform.Files;

/// <summary>How <see cref="AtomicFile"/> sets up the file it writes.</summary>
public sealed record AtomicWriteOptions
{
    /// <summary>
    /// Permission bits (<c>07777</c>) of the result. When null, a replaced regular file keeps its bits and a new
    /// file gets <c>0666</c> minus the process umask, as <c>open(2)</c> would give it.
    /// </summary>
    public uint? Mode { get; init; }

    /// <summary>Owner of the result. When null, a replaced regular file keeps its owner; a new file gets ours.</summary>
    public uint? Uid { get; init; }

    /// <summary>Group of the result. When null, a replaced regular file keeps its group; a new file gets the default.</summary>
    public uint? Gid { get; init; }

    /// <summary>
    /// Flush the data and the directory to the disk before returning, so that the new content also survives a
    /// power loss. Without it the write is still atomic for every reader and against a killed process.
    /// </summary>
    public bool Durable { get; init; } = true;
}

/// <summary>
/// Replaces a file's content atomically: the bytes go to a hidden temporary file in the same directory, which
/// gets its final mode and owner and is then renamed over the target (whatever entry is there, a symlink
/// included). A file that does not exist yet is built without a name (<c>O_TMPFILE</c>) and linked in place in
/// one step, where the file system allows it. Readers see the old file or the new one, never a mix; a process
/// killed at any moment leaves the target untouched (at worst a hidden <c>.name.*.mgmt-tmp</c> file remains
/// next to it). Failures throw <see cref="IOException"/> (usually <see cref="Native.PosixException"/>) and
/// remove the temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files, so that tools and people can recognise leftovers.</summary>
    public const string TemporarySuffix = ".mgmt-tmp";

    private static readonly Lazy<uint> Umask = new(Posix.ReadUmask);

    /// <summary>Writes <paramref name="content"/> as the whole new content of <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, AtomicWriteOptions? options = null)
    {
        var settings = Plan(path, options ?? new AtomicWriteOptions(), out var exists);
        if (!exists && TryCreateUnnamed(path, settings, content, null)) return;
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, 0))
            {
                RandomAccess.Write(handle, content, 0);
                Finish(path, PathText.Dirname(path), handle, settings, DefaultMode);
            }
            Commit(path, temporary, settings);
        }
        catch
        {
            Posix.Unlink(temporary);
            throw;
        }
    }

    /// <summary>Copies the content of <paramref name="sourcePath"/> into <paramref name="path"/>, atomically.</summary>
    public static void CopyFrom(string path, string sourcePath, AtomicWriteOptions? options = null)
    {
        using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var settings = Plan(path, options ?? new AtomicWriteOptions(), out var exists);
        if (!exists && TryCreateUnnamed(path, settings, default, source)) return;
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, 0))
            {
                CopyInto(handle, source);
                Finish(path, PathText.Dirname(path), handle, settings, DefaultMode);
            }
            Commit(path, temporary, settings);
        }
        catch
        {
            Posix.Unlink(temporary);
            throw;
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="produce"/> writes into the stream it is given
    /// (for content too large to hold in memory: an archive, a compressed file). When <paramref name="produce"/>
    /// throws, the target is left as it was and the temporary file is removed.
    /// </summary>
    public static void WriteStreaming(string path, Action<Stream> produce, AtomicWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(produce);
        var settings = Plan(path, options ?? new AtomicWriteOptions(), out _);
        var temporary = TemporaryPathFor(path);
        try
        {
            // The stream owns the handle, so the file is finished (owner, mode, flush) before the stream closes.
            using (var stream = new FileStream(File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, 0), FileAccess.Write, 64 * 1024))
            {
                produce(stream);
                stream.Flush();
                Finish(path, PathText.Dirname(path), stream.SafeFileHandle, settings, DefaultMode);
            }
            Commit(path, temporary, settings);
        }
        catch
        {
            Posix.Unlink(temporary);
            throw;
        }
    }

    private static void CopyInto(SafeFileHandle handle, Stream source)
    {
        var buffer = new byte[64 * 1024];
        long offset = 0;
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            RandomAccess.Write(handle, buffer.AsSpan(0, n), offset);
            offset += n;
        }
    }

    // A file that does not exist yet is built without a name and linked in place in one step. Returns false
    // when that cannot be done here (or the name got taken meanwhile): the caller then goes the rename way.
    private static bool TryCreateUnnamed(string path, Settings settings, ReadOnlySpan<byte> content, Stream? source)
    {
        var directory = PathText.Dirname(path);
        using var handle = UnnamedFile.TryCreate(directory, settings.Mode);
        if (handle is null) return false;
        if (source is null) RandomAccess.Write(handle, content, 0);
        else CopyInto(handle, source);
        Finish(path, directory, handle, settings, createdMode: settings.Mode & ~Umask.Value);
        if (!UnnamedFile.TryLink(handle, path))
        {
            source?.Seek(0, SeekOrigin.Begin);
            return false;
        }
        if (settings.Durable) Posix.FsyncDirectory(directory);
        return true;
    }

    /// <summary>The temporary name used for <paramref name="path"/>: hidden, random, in the same directory.</summary>
    public static string TemporaryPathFor(string path)
    {
        var directory = PathText.Dirname(path);
        var name = PathText.Basename(path);
        // Keep the whole name within the 255-byte limit of a directory entry.
        if (name.Length > 200) name = name[..200];
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return $"{directory}.{name}.{random}{TemporarySuffix}";
    }

    private readonly record struct Settings(uint Mode, uint? Uid, uint? Gid, bool Durable);

    private static Settings Plan(string path, AtomicWriteOptions options, out bool exists)
    {
        var existing = Posix.TryLstat(path);
        exists = existing is not null;
        var replacing = existing is { IsRegular: true } ? existing : null;
        var mode = options.Mode ?? replacing?.Permissions ?? DefaultMode;
        return new Settings(mode, options.Uid ?? replacing?.Uid, options.Gid ?? replacing?.Gid, options.Durable);
    }

    // What open(2) gives a new file: 0666 less the umask.
    private static uint DefaultMode => 0x1B6u & ~Umask.Value;

    // Gives the new file its owner and mode (the owner first: chown clears setuid and setgid), and flushes it.
    private static void Finish(string path, string directory, SafeFileHandle handle, Settings settings, uint createdMode)
    {
        var chowned = false;
        if ((settings.Uid is { } uid && uid != Posix.EffectiveUid) || (settings.Gid is { } gid && gid != GroupOfNewFiles(directory)))
        {
            Posix.Chown(handle, settings.Uid, settings.Gid, path);
            chowned = true;
        }
        if (createdMode != settings.Mode || chowned || (settings.Mode & 0xE00) != 0) Posix.Chmod(handle, settings.Mode, path);
        if (settings.Durable) Posix.Fsync(handle, path);
    }

    // A new file gets our group, or the directory's when the directory is setgid.
    private static uint GroupOfNewFiles(string directory) =>
        Posix.TryStat(directory) is { } d && (d.Permissions & 0x400) != 0 ? d.Gid : Posix.EffectiveGid;

    private static void Commit(string path, string temporary, Settings settings)
    {
        Posix.Rename(temporary, path);
        if (settings.Durable) Posix.FsyncDirectory(PathText.Dirname(path));
    }
}
