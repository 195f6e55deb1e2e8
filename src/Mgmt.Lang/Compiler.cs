using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Modules;
using Mgmt.Lang.Semantics;

namespace Mgmt.Lang;

/// <summary>
/// What to compile: the program's file tree, its entry (a directory holding <c>metadata.yaml</c> or
/// <c>main.mcl</c>, such as <c>/</c>, or the path of an <c>.mcl</c> file), the standard library and the resource
/// kinds. <see cref="ModulePath"/> is the global directory (in <see cref="Files"/>) searched last for remote
/// modules (<c>import "git://..."</c>).
/// </summary>
public sealed record CompileInput(ISourceFiles Files, string Entry, FunctionRegistry Functions, ResourceRegistry Resources)
{
    public string? ModulePath { get; init; }

    /// <summary>Fetches remote modules that are imported (<c>--download</c>); null to use only what is on disk.</summary>
    public IModuleDownloader? Downloader { get; init; }

    /// <summary>How a path of <see cref="Files"/> is shown in messages (the front end knows where the tree is); as is by default.</summary>
    public Func<string, string>? DisplayPath { get; init; }
}

/// <summary>The front of the mcl compiler, as used by <c>mgmt run</c>, <c>mgmt check lang</c> and the conformance suite.</summary>
public static class Compiler
{
    /// <summary>
    /// Runs the phases lexparse, init, interpolate and setscope only (no type unification): every file and module is
    /// read, parsed and its names resolved, and remote modules are downloaded when <see cref="CompileInput.Downloader"/>
    /// is set. Returns the files looked at. Used by <c>--only-download</c> and <c>check --skip-unify</c>.
    /// </summary>
    public static IReadOnlyList<string> ResolveOnly(CompileInput input)
    {
        return Resolve(input).Files.Paths();
    }

    private static (RecordingSourceFiles Files, ModuleSource Entry, NameResolver Resolver, CompiledModule Main) Resolve(CompileInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Only the compiler's own reads are recorded: the program keeps the plain tree for its run-time reads.
        var files = new RecordingSourceFiles(input.Files);
        var locator = new ModuleLocator(files, input.ModulePath, input.Downloader, input.DisplayPath);
        ModuleSource entry;
        try
        {
            entry = locator.LocateEntry(input.Entry);
        }
        catch (ModuleException e)
        {
            throw new LangException(Phase.LexParse, $"cannot load the program: {e.Message}");
        }

        var resolver = new NameResolver(files, input.Functions, locator);
        CompiledModule main;
        try
        {
            main = resolver.CompileEntry(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LangException(Phase.LexParse, $"cannot read {entry.MainPath}: {e.Message}");
        }
        return (files, entry, resolver, main);
    }

    /// <summary>
    /// Runs the phases lexparse, init, interpolate, setscope and unify over the entry file and everything it
    /// imports, and returns the fully resolved and typed program. Throws <see cref="LangException"/> with the
    /// phase and source position(s) of the first mistake; a missing or unreadable entry is reported in the
    /// lexparse phase. The program remembers which files were read or looked for
    /// (<see cref="CheckedProgram.SourcePaths"/>), so that a front end can follow edits.
    /// </summary>
    public static CheckedProgram Check(CompileInput input)
    {
        var (files, entry, resolver, main) = Resolve(input);
        var checker = new TypeChecker(resolver.Tables, input.Resources);
        checker.Check(main.Program);

        var includes = new Dictionary<Syntax.Ast.IncludeStmt, ClassInstance>(ReferenceEqualityComparer.Instance);
        foreach (var (include, instance) in resolver.Tables.Includes)
        {
            includes[include] = new ClassInstance(instance.Class.Definition, instance.Body);
        }
        return new CheckedProgram(
            main.Program, input.Files, entry.MainPath,
            checker.FinalTypes(), resolver.Tables.Variables, checker.FinalCalls(), includes)
        {
            SourcePaths = files.Paths(),
            SourceDigest = files.Digest(),
        };
    }
}
