using System.Runtime.InteropServices;

namespace Mgmt.Platform.Augeas;

/// <summary>
/// One augeas session over one file: the file parsed into a tree through a lens (named, or found by augeas from the
/// file's path), values read and set by tree path, and the tree written back. Not thread-safe; dispose it.
/// </summary>
public sealed class AugeasTree : IDisposable
{
    private nint _handle;

    private AugeasTree(nint handle, string file)
    {
        _handle = handle;
        File = file;
    }

    /// <summary>The absolute path of the file this tree holds.</summary>
    public string File { get; }

    /// <summary>
    /// Parses <paramref name="file"/> with <paramref name="lens"/> (such as <c>Shellvars.lns</c>), or, when it is
    /// empty, with the lens Debian's lenses assign to that path. A file that does not exist yet gives an empty tree
    /// (it is created on save). Throws <see cref="AugeasException"/> when the library, the lens or the file's syntax
    /// fails.
    /// </summary>
    public static AugeasTree Open(string file, string lens)
    {
        nint handle;
        try
        {
            handle = AugeasNative.Init("/", null, AugeasNative.NoLoad | AugeasNative.NoErrorClose | (lens.Length > 0 ? AugeasNative.NoModuleAutoload : 0));
        }
        catch (DllNotFoundException e)
        {
            throw new AugeasException($"the augeas library ({AugeasNative.Library}) is not installed; install libaugeas0 and augeas-lenses", e);
        }
        if (handle == 0) throw new AugeasException("augeas could not start (out of memory?)");
        var tree = new AugeasTree(handle, file);
        try
        {
            tree.Check("start", AugeasNative.Error(handle) == 0 ? 0 : -1);
            if (lens.Length > 0)
            {
                tree.Check("choose the lens", AugeasNative.Set(handle, "/augeas/load/mgmt/lens", lens));
                tree.Check("choose the file", AugeasNative.Set(handle, "/augeas/load/mgmt/incl", file));
                tree.Check($"load {file} with lens {lens}", AugeasNative.Load(handle));
            }
            else
            {
                tree.Check($"load {file}", AugeasNative.LoadFile(handle, file));
            }
            if (tree.Value($"/augeas/files{file}/error") is not null || tree.Value($"/augeas/load/mgmt/error") is not null)
            {
                throw new AugeasException($"cannot parse {file}{(lens.Length > 0 ? " with lens " + lens : "")}: {tree.FileError()}");
            }
            return tree;
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    /// <summary>The value at <paramref name="path"/> (absolute tree path), or null when nothing or only a bare node is there.</summary>
    public string? Value(string path)
    {
        var found = AugeasNative.Get(Handle, path, out var value);
        if (found < 0)
        {
            if (AugeasNative.Error(Handle) is not (0 or AugeasNative.ErrorTooManyMatches)) Check($"read {path}", -1);
            throw new AugeasException($"the path {path} matches several nodes; make it name exactly one (with an index such as [1] or a condition)");
        }
        return found == 0 || value == 0 ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>True when at least one node matches <paramref name="path"/>.</summary>
    public bool Exists(string path)
    {
        var count = AugeasNative.Match(Handle, path, out var matches);
        if (matches != 0)
        {
            for (var i = 0; i < count; i++) AugeasNative.Free(Marshal.ReadIntPtr(matches, i * nint.Size));
            AugeasNative.Free(matches);
        }
        if (count < 0) Check($"match {path}", -1);
        return count > 0;
    }

    /// <summary>Sets the value at <paramref name="path"/>, creating the node when it is missing.</summary>
    public void Set(string path, string value) => Check($"set {path}", AugeasNative.Set(Handle, path, value));

    /// <summary>Writes the changed tree back to the file (augeas writes a new file and renames it over the old one).</summary>
    public void Save()
    {
        if (AugeasNative.Save(Handle) == 0) return;
        throw new AugeasException($"cannot save {File}: {FileError()}");
    }

    public void Dispose()
    {
        if (_handle == 0) return;
        AugeasNative.Close(_handle);
        _handle = 0;
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(AugeasTree));

    // What augeas recorded about the file (parse or save errors), in one line.
    private string FileError()
    {
        foreach (var root in new[] { $"/augeas/files{File}/error", "/augeas/load/mgmt/error" })
        {
            var kind = SafeValue(root);
            if (kind is null) continue;
            var message = SafeValue(root + "/message");
            var line = SafeValue(root + "/line");
            var where = line is not null ? $" at line {line}" : "";
            return $"{kind}{where}{(message is not null ? ": " + message : "")}";
        }
        var error = LastError();
        return error ?? "augeas gave no reason";
    }

    private string? SafeValue(string path) => AugeasNative.Get(_handle, path, out var v) == 1 && v != 0 ? Marshal.PtrToStringUTF8(v) : null;

    private string? LastError()
    {
        if (AugeasNative.Error(_handle) == 0) return null;
        var parts = new[] { AugeasNative.ErrorMessage(_handle), AugeasNative.ErrorMinorMessage(_handle), AugeasNative.ErrorDetails(_handle) }
            .Where(p => p != 0).Select(p => Marshal.PtrToStringUTF8(p)).Where(s => !string.IsNullOrWhiteSpace(s));
        return string.Join(": ", parts);
    }

    private void Check(string what, int result)
    {
        if (result >= 0 && AugeasNative.Error(_handle) == 0) return;
        throw new AugeasException($"augeas cannot {what}: {LastError() ?? FileError()}");
    }
}

/// <summary>augeas failed; the message says what it was doing and why.</summary>
public sealed class AugeasException(string message, Exception? inner = null) : IOException(message, inner);
