using Mgmt.Engine.Values;
using Mgmt.Lang.Files;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// A program that passed scope resolution and type unification: the entry file's tree and everything the
/// compiler learned about it. Every expression has a known type; every variable, call and include is
/// resolved. Instances of polymorphic functions and of classes are copies of their definitions' trees, each
/// with its own entries in these tables (nodes are keyed by identity).
/// </summary>
public sealed class CheckedProgram
{
    private readonly IReadOnlyDictionary<Expr, DataType> _types;
    private readonly IReadOnlyDictionary<VarExpr, Binding> _variables;
    private readonly IReadOnlyDictionary<CallExpr, CallTarget> _calls;
    private readonly IReadOnlyDictionary<IncludeStmt, ClassInstance> _includes;

    public CheckedProgram(
        ProgramStmt main,
        ISourceFiles files,
        string entryFile,
        IReadOnlyDictionary<Expr, DataType> types,
        IReadOnlyDictionary<VarExpr, Binding> variables,
        IReadOnlyDictionary<CallExpr, CallTarget> calls,
        IReadOnlyDictionary<IncludeStmt, ClassInstance> includes)
    {
        Main = main;
        Files = files;
        EntryFile = entryFile;
        _types = types;
        _variables = variables;
        _calls = calls;
        _includes = includes;
    }

    /// <summary>The statements of the entry file: the program's output comes from here.</summary>
    public ProgramStmt Main { get; }

    /// <summary>The program's file tree (sources, data files for <c>deploy.*</c>).</summary>
    public ISourceFiles Files { get; }

    /// <summary>The entry file's path in <see cref="Files"/> (<c>/main.mcl</c>).</summary>
    public string EntryFile { get; }

    /// <summary>
    /// Every file of <see cref="Files"/> the compiler read or looked for (the entry, imported files and modules,
    /// their <c>metadata.yaml</c>, and the places it searched in vain), sorted. An edit of any of them may change
    /// the program; nothing else can (files read while the program runs excepted).
    /// </summary>
    public IReadOnlyList<string> SourcePaths { get; init; } = [];

    /// <summary>
    /// A digest of the sources as compiled (the content of every file read, and whether each file looked for
    /// existed). Two programs with the same digest were compiled from the same sources.
    /// </summary>
    public string SourceDigest { get; init; } = "";

    /// <summary>The type of an expression (fully known).</summary>
    public DataType TypeOf(Expr expr) =>
        _types.TryGetValue(expr, out var t) ? t : throw Missing(expr, "type");

    /// <summary>What a variable reference stands for.</summary>
    public Binding BindingOf(VarExpr variable) =>
        _variables.TryGetValue(variable, out var b) ? b : throw Missing(variable, "binding");

    /// <summary>What a call calls.</summary>
    public CallTarget TargetOf(CallExpr call) =>
        _calls.TryGetValue(call, out var c) ? c : throw Missing(call, "call target");

    /// <summary>The class instance an include creates.</summary>
    public ClassInstance InstanceOf(IncludeStmt include) =>
        _includes.TryGetValue(include, out var i) ? i : throw Missing(include, "class instance");

    /// <summary>Every class instance the program's includes create, with its own copy of the class body.</summary>
    public IEnumerable<ClassInstance> ClassInstances => _includes.Values;

    /// <summary>Every call of the program (its class instances and function instances included) with what it calls.</summary>
    public IEnumerable<KeyValuePair<CallExpr, CallTarget>> Calls => _calls;

    public bool TryTypeOf(Expr expr, out DataType type) => _types.TryGetValue(expr, out type!);

    private static InvalidOperationException Missing(Node node, string what) =>
        new($"internal error: no {what} for {node} at {node.Span}");
}

/// <summary>
/// One <c>include</c>'s copy of a class: <see cref="Body"/> is resolved and typed for this include (class
/// parameters are <see cref="ExprBinding"/>s of the include's arguments).
/// </summary>
public sealed record ClassInstance(ClassStmt Definition, ProgramStmt Body);
