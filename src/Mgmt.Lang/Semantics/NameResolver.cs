using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Modules;
using Mgmt.Lang.Syntax;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Scope resolution (the SetScope phase) for a whole program: loads every imported file once, checks each file's
/// definitions for duplicates and loops (<see cref="OrderingCheck"/>), then decides what every variable, call and
/// include refers to. Named functions are instantiated per call and classes per include, each copy resolved in
/// the scope where the function or class was written. Results go to <see cref="Tables"/>; mistakes are
/// <see cref="Phase.SetScope"/> <see cref="LangException"/>s.
/// </summary>
internal sealed partial class NameResolver
{
    /// <summary>The value of <c>$purpleidea</c>, as in the reference.</summary>
    private const string PurpleIdea = "hello world!";

    private readonly ISourceFiles _files;
    private readonly FunctionRegistry _functions;
    private readonly ModuleLocator _locator;
    private readonly Scope _global;
    private readonly Dictionary<string, CompiledModule> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Namespace> _packages = new(StringComparer.Ordinal);

    public NameResolver(ISourceFiles files, FunctionRegistry functions, ModuleLocator locator)
    {
        _files = files;
        _functions = functions;
        _locator = locator;
        _global = GlobalScope(functions);
    }

    public ResolutionTables Tables { get; } = new();

    /// <summary>
    /// Compiles the entry module: its own syntax errors keep their phase; everything found while resolving names
    /// (including any error inside an imported file) is a <see cref="Phase.SetScope"/> error.
    /// </summary>
    public CompiledModule CompileEntry(ModuleSource source)
    {
        var parsed = SyntaxPipeline.Prepare(_files, source.MainPath);
        var module = new CompiledModule(source, parsed.Program);
        _modules[source.MainPath] = module;
        Compile(module);
        return module;
    }

    /// <summary>Enters the file's top block, checks its ordering, then resolves every statement in it.</summary>
    private void Compile(CompiledModule module)
    {
        module.InProgress = true;
        module.TopScope = EnterBlock(module.Program, _global, module);
        OrderingCheck.Run(module.Program);
        ResolveBlock(module.Program, module.TopScope, module);
        module.InProgress = false;
    }

    /// <summary>
    /// Makes the scope of a block: its imports first, then every bind, func, class and <c>include ... as</c> of the
    /// block, so that statements may use names defined after them.
    /// </summary>
    private Scope EnterBlock(ProgramStmt block, Scope parent, CompiledModule module)
    {
        var scope = new Scope(parent);
        ProcessImports(block, scope, module);
        foreach (var statement in block.Statements)
        {
            switch (statement)
            {
                case BindStmt b:
                    scope.DefineVariable(b.Name, new ExprBinding(b.Value));
                    Tables.BindOfValue[b.Value] = b;
                    break;
                case FuncStmt f:
                    scope.DefineFunction(f.Name, new FuncStmtSymbol(f, scope));
                    break;
                case ClassStmt c:
                    scope.DefineClass(c.Name, new ClassSymbol(c, scope, module));
                    break;
                case IncludeStmt { Alias: { } alias } include:
                    scope.DefineNamespace(alias, new Namespace($"the instance of class `{include.Name}` included as `{alias}`",
                        () => Instantiate(include, scope, module).BodyScope));
                    break;
            }
        }
        return scope;
    }

    /// <summary>The scope every file starts from: built-in variables, <c>$const...</c> globals and the functions that need no import.</summary>
    private static Scope GlobalScope(FunctionRegistry functions)
    {
        var scope = new Scope(null);
        foreach (var (name, value) in functions.Globals) scope.DefineVariable(name, new ConstantBinding(value));
        scope.DefineVariable("purpleidea", new ConstantBinding(Value.Str(PurpleIdea)));
        scope.DefineVariable("hostname", new HostnameBinding());
        foreach (var (name, function) in functions.Functions("")) scope.DefineFunction(name, new BuiltinSymbol(function));
        return scope;
    }

    /// <summary>A core package as a namespace: its functions and its constant variables.</summary>
    private Namespace Package(string package)
    {
        if (_packages.TryGetValue(package, out var known)) return known;
        var scope = new Scope(null);
        foreach (var (name, function) in _functions.Functions(package)) scope.DefineFunction(name, new BuiltinSymbol(function));
        foreach (var (name, value) in _functions.Variables(package)) scope.DefineVariable(name, new ConstantBinding(value));
        return _packages[package] = new Namespace($"core package `{package}`", () => scope);
    }
}
