using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Modules;
using Mgmt.Lang.Syntax;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

internal sealed partial class NameResolver
{
    /// <summary>
    /// Processes the <c>import</c> statements of one block, in order: each name once per block, each alias once
    /// per block; core packages become namespaces of built-in functions and constants, files and modules are
    /// compiled (once for the whole program) and their top-level names become the namespace.
    /// </summary>
    private void ProcessImports(ProgramStmt block, Scope scope, CompiledModule module)
    {
        HashSet<string>? names = null;
        HashSet<string>? aliases = null;
        foreach (var import in block.Statements.OfType<ImportStmt>())
        {
            if (!(names ??= new(StringComparer.Ordinal)).Add(import.Name))
            {
                throw new LangException(Phase.SetScope,
                    $"`{import.Name}` is imported twice in this block; remove the second import", import.Span);
            }
            ImportName name;
            try
            {
                name = ImportName.Parse(import.Name);
            }
            catch (ModuleException e)
            {
                throw new LangException(Phase.SetScope, $"import `{import.Name}` is not valid: {e.Message}", import.Span);
            }
            var alias = import.Alias ?? name.Alias;
            if (alias != ImportStmt.MergeAlias)
            {
                if (!(aliases ??= new(StringComparer.Ordinal)).Add(alias))
                {
                    throw new LangException(Phase.SetScope,
                        $"the import alias `{alias}` is already used in this block; give one of the imports another name with `as`", import.Span);
                }
                if (!ImportName.IsValidAlias(alias))
                {
                    throw new LangException(Phase.SetScope,
                        $"`{alias}` (from `{import.Name}`) cannot be used as a name in mcl; add `as somename` to the import", import.Span);
                }
            }
            var members = name.Kind == ImportKind.Core ? CorePackage(name, import) : Module(name, import, module);
            if (alias == ImportStmt.MergeAlias) scope.Merge(members);
            else scope.DefineNamespace(alias, members);
        }
    }

    private Namespace CorePackage(ImportName name, ImportStmt import)
    {
        if (_functions.HasPackage(name.Path)) return Package(name.Path);
        throw new LangException(Phase.SetScope,
            $"there is no core package named `{name.Path}`; to import a file write `\"{name.Path}.mcl\"`, " +
            $"and for a module directory `\"{name.Path}/\"`", import.Span);
    }

    /// <summary>Compiles the imported file or module (once) and returns its top-level names.</summary>
    private Namespace Module(ImportName name, ImportStmt import, CompiledModule importer)
    {
        var what = name.Kind switch
        {
            ImportKind.LocalFile => "local import",
            ImportKind.LocalModule => "local module import",
            _ => "remote module import",
        };
        try
        {
            var source = _locator.LocateImport(name, importer.Source);
            var module = LoadModule(source, import);
            return new Namespace($"module {source.MainPath}", () => module.TopScope!);
        }
        catch (ModuleException e)
        {
            throw new LangException(Phase.SetScope, $"{what} of `{name.Text}` failed: {e.Message}", import.Span);
        }
        catch (LangException e)
        {
            // Whatever went wrong inside the imported file, point at it and at the import that brought it in.
            throw new LangException(Phase.SetScope, $"{what} of `{name.Text}` failed: {e.Message}", e, [.. e.Spans, import.Span]);
        }
    }

    private CompiledModule LoadModule(ModuleSource source, ImportStmt import)
    {
        if (_modules.TryGetValue(source.MainPath, out var known))
        {
            if (known.InProgress)
            {
                throw new ModuleException($"{source.MainPath} imports itself, directly or through other imports; imports must not form a loop");
            }
            return known;
        }
        ParsedFile parsed;
        try
        {
            parsed = SyntaxPipeline.Prepare(_files, source.MainPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException($"cannot read {source.MainPath}: {e.Message}");
        }
        var module = new CompiledModule(source, parsed.Program);
        _modules[source.MainPath] = module;
        Compile(module);
        RejectOutputStatements(module);
        return module;
    }

    /// <summary>
    /// An imported file only provides definitions: a resource, edge, include, <c>if</c> or loop at its top level
    /// would never produce anything, so it is a mistake.
    /// </summary>
    private static void RejectOutputStatements(CompiledModule module)
    {
        foreach (var statement in module.Program.Statements)
        {
            if (statement is ImportStmt or BindStmt or FuncStmt or ClassStmt) continue;
            throw new LangException(Phase.SetScope,
                $"module contains a statement that would never take effect ({statement}): an imported file may only hold " +
                "imports, variables, functions and classes; move it into a class and include that class where it is needed",
                statement.Span);
        }
    }
}
