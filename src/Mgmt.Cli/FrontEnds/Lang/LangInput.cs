using Mgmt.Lang.Files;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Where an mcl program comes from, as given on the command line: an <c>.mcl</c> file (its directory is the
/// program's file tree, so it may import files and modules next to it), a directory (its <c>metadata.yaml</c>, else
/// its <c>main.mcl</c>), a <c>metadata.yaml</c> file (its directory), <c>-</c> (the program text on stdin), or else
/// the program's code itself (<c>mgmt run lang 'print "p" { msg => "hi", }'</c>).
/// </summary>
internal sealed class LangInput
{
    /// <summary>Where a module path outside the program's directory is seen in the program's tree.</summary>
    internal const string ModuleMount = "/.mgmt-module-path/";

    private string? _mountedModules; // the real module path when it is mounted at ModuleMount

    private LangInput(ISourceFiles files, string entry, string displayRoot, string? root, string? inlineName = null)
    {
        Files = files;
        Entry = entry;
        DisplayRoot = displayRoot;
        Root = root;
        InlineName = inlineName;
    }

    /// <summary>The program's file tree; paths in it start with <c>/</c>.</summary>
    public ISourceFiles Files { get; private set; }

    /// <summary>The global module path in <see cref="Files"/> (ending with <c>/</c>), or null when none was given.</summary>
    public string? ModulePath { get; private set; }

    /// <summary>How the program is named when it came from stdin or the command line itself; null for files.</summary>
    private string? InlineName { get; }

    /// <summary>The entry in <see cref="Files"/>: <c>/</c> for a directory, <c>/name.mcl</c> for a file.</summary>
    public string Entry { get; }

    /// <summary>The program's directory on disk (absolute); null for a program read from stdin.</summary>
    public string? Root { get; }

    /// <summary>The directory as the user wrote it, to show paths the way they were typed.</summary>
    private string DisplayRoot { get; }

    /// <summary>True when the sources are on disk and can be followed for edits.</summary>
    public bool CanWatch => Root is not null;

    /// <summary>How to name the program in messages: the file or directory as the user gave it.</summary>
    public string Description => InlineName is { } inline ? $"the program {inline}" : Display(Entry == "/" ? "/" : Entry);

    /// <summary>
    /// Resolves the argument. A path that does not exist, or a file that is not mcl, gives a problem to show
    /// instead of an input. <paramref name="stdin"/> is read only for <c>-</c>.
    /// </summary>
    public static async Task<(LangInput? Input, SourceDiagnostic? Problem)> ResolveAsync(string argument, Func<TextReader> stdin, CancellationToken cancel)
    {
        if (argument == "-")
        {
            var text = await stdin().ReadToEndAsync(cancel).ConfigureAwait(false);
            var memory = new MemorySourceFiles();
            memory.Add("/main.mcl", text);
            return (new LangInput(memory, "/main.mcl", "<stdin>", null, "on stdin"), null);
        }
        if (LooksLikeCode(argument))
        {
            var memory = new MemorySourceFiles();
            memory.Add("/main.mcl", argument);
            return (new LangInput(memory, "/main.mcl", "<inline>", null, "given on the command line"), null);
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

    /// <summary>
    /// True when the argument is the program's code rather than a path: it names nothing that exists and does not
    /// read as a path (an .mcl file, a metadata.yaml, a directory), so a mistyped file name is still reported as one.
    /// </summary>
    private static bool LooksLikeCode(string argument) =>
        !File.Exists(argument) && !Directory.Exists(argument)
        && !argument.EndsWith(".mcl", StringComparison.Ordinal) && !argument.EndsWith("metadata.yaml", StringComparison.Ordinal)
        && !argument.EndsWith('/') && (argument.Contains('\n') || argument.Contains('"') || argument.Contains('$') || argument.Contains('{') || argument.Contains(' ') || argument.Length == 0);

    /// <summary>
    /// Uses <paramref name="directory"/> (absolute, on disk) as the global module path: inside the program's directory
    /// it is used where it is; elsewhere it is mounted into the program's tree.
    /// </summary>
    public void UseModulePath(string directory)
    {
        var real = Path.GetFullPath(directory).TrimEnd('/') + "/";
        if (Root is { } root && (real + "/").StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            ModulePath = "/" + real[(root.TrimEnd('/').Length + 1)..];
            return;
        }
        Files = new MountedSourceFiles(Files, ModuleMount, new DiskSourceFiles(real));
        ModulePath = ModuleMount;
        _mountedModules = real;
    }

    /// <summary>A path of <see cref="Files"/> as the user would write it (<c>examples/mcl/hello.mcl</c>).</summary>
    public string Display(string path)
    {
        if (_mountedModules is { } modules && path.StartsWith(ModuleMount, StringComparison.Ordinal)) return modules + path[ModuleMount.Length..];
        if (Root is null) return path == Entry ? DisplayRoot : path.TrimStart('/');
        var root = DisplayRoot.TrimEnd('/');
        return path == "/" ? root + "/" : root + path;
    }

    /// <summary>The real path of a file of the program (null for a program that is not on disk).</summary>
    public string? RealPath(string path) => Files.RealPath(path);

    private static LangInput OnDisk(string directory, string entry)
    {
        var root = Path.GetFullPath(directory);
        return new LangInput(new DiskSourceFiles(root), entry, directory, root);
    }
}
