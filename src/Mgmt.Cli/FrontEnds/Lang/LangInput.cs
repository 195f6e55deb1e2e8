using Mgmt.Lang.Files;
using Mgmt.Lang.Syntax.Limits;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Where an mcl program comes from, as given on the command line: an <c>.mcl</c> file (its directory is the
/// program's file tree, so it may import files and modules next to it), a directory (its <c>metadata.yaml</c>, else
/// its <c>main.mcl</c>), a <c>metadata.yaml</c> file (its directory), or <c>-</c> (the program text on stdin).
/// </summary>
internal sealed class LangInput
{
    private LangInput(ISourceFiles files, string entry, string displayRoot, string? root)
    {
        Files = files;
        Entry = entry;
        DisplayRoot = displayRoot;
        Root = root;
    }

    /// <summary>The program's file tree; paths in it start with <c>/</c>.</summary>
    public ISourceFiles Files { get; }

    /// <summary>The entry in <see cref="Files"/>: <c>/</c> for a directory, <c>/name.mcl</c> for a file.</summary>
    public string Entry { get; }

    /// <summary>The program's directory on disk (absolute); null for a program read from stdin.</summary>
    public string? Root { get; }

    /// <summary>The directory as the user wrote it, to show paths the way they were typed.</summary>
    private string DisplayRoot { get; }

    /// <summary>True when the sources are on disk and can be followed for edits.</summary>
    public bool CanWatch => Root is not null;

    /// <summary>How to name the program in messages: the file or directory as the user gave it.</summary>
    public string Description => Root is null ? "the program on stdin" : Display(Entry == "/" ? "/" : Entry);

    /// <summary>
    /// Resolves the argument. A path that does not exist, or a file that is not mcl, gives a problem to show
    /// instead of an input. <paramref name="stdin"/> is read only for <c>-</c>.
    /// </summary>
    public static async Task<(LangInput? Input, SourceDiagnostic? Problem)> ResolveAsync(string argument, Func<Stream> stdin, CancellationToken cancel)
    {
        if (argument == "-")
        {
            // The bytes as they come: the compiler refuses invalid UTF-8 with its position, which a text reader
            // would have replaced silently. Reading stops just past the size limit, which the compiler reports.
            var bytes = await ReadCappedAsync(stdin(), InputLimits.MaxSourceBytes + 1, cancel).ConfigureAwait(false);
            var memory = new MemorySourceFiles();
            memory.Add("/main.mcl", bytes);
            return (new LangInput(memory, "/main.mcl", "<stdin>", null), null);
        }
        if (Directory.Exists(argument))
        {
            // Said here, with the directory as typed: the compiler only knows it as the root of the tree ("/").
            if (!File.Exists(Path.Join(argument, "metadata.yaml")) && !File.Exists(Path.Join(argument, "main.mcl")))
            {
                return (null, SourceDiagnostic.ForFile(argument, "this directory has neither a metadata.yaml nor a main.mcl; give an .mcl file, a directory holding one of them, or - for stdin"));
            }
            return (OnDisk(argument, "/"), null);
        }
        if (!File.Exists(argument))
        {
            return (null, SourceDiagnostic.ForFile(argument, "there is no such file or directory; give an .mcl file, a directory holding main.mcl or metadata.yaml, or - for stdin"));
        }
        var name = Path.GetFileName(argument);
        var directory = Path.GetDirectoryName(argument) is { Length: > 0 } d ? d : ".";
        if (name == "metadata.yaml") return (OnDisk(directory, "/"), null);
        if (!name.EndsWith(".mcl", StringComparison.Ordinal))
        {
            return (null, SourceDiagnostic.ForFile(argument, "this is not an mcl program: give an .mcl file, a directory holding main.mcl or metadata.yaml, or - for stdin"));
        }
        return (OnDisk(directory, "/" + name), null);
    }

    /// <summary>A path of <see cref="Files"/> as the user would write it (<c>examples/mcl/hello.mcl</c>).</summary>
    public string Display(string path)
    {
        if (Root is null) return path == Entry ? "<stdin>" : path;
        var root = DisplayRoot.TrimEnd('/');
        return path == "/" ? root + "/" : root + path;
    }

    /// <summary>The real path of a file of the program (null for stdin).</summary>
    public string? RealPath(string path) => Root is null ? null : Path.Join(Root, path.TrimStart('/'));

    private static async Task<byte[]> ReadCappedAsync(Stream stream, int cap, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < cap && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, cap - buffer.Length)), cancel).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static LangInput OnDisk(string directory, string entry)
    {
        var root = Path.GetFullPath(directory);
        return new LangInput(new DiskSourceFiles(root), entry, directory, root);
    }
}
