using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Modules;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// The ordering check of one source file, done before names are resolved: every block may define each name once,
/// and definitions may be written in any order as long as none depends on itself. A definition (bind, func,
/// class, import, <c>include ... as</c>) depends on every definition that a name used anywhere inside it refers
/// to; names are matched lexically, with inner blocks and parameters shadowing outer ones. A loop in these
/// dependencies is recursion, which mcl does not have: it is reported with the position of each reference that
/// closes the loop.
/// </summary>
internal sealed class OrderingCheck
{
    private enum KeyKind { Variable, Function, Class, Alias }

    private readonly record struct Key(KeyKind Kind, string Name);

    private readonly record struct Dependency(Stmt Target, Node Witness);

    // One layer per open block or parameter list; a null value is a parameter that hides outer definitions.
    private readonly List<Dictionary<Key, Stmt?>> _layers = [];
    private readonly List<Stmt> _enclosing = [];
    private readonly List<Stmt> _definitions = [];
    private readonly Dictionary<Stmt, List<Dependency>> _dependencies = [];
    private readonly HashSet<(Stmt From, Stmt To)> _seen = [];

    private OrderingCheck()
    {
    }

    /// <summary>Throws a <see cref="Phase.SetScope"/> <see cref="LangException"/> for a duplicate name or a dependency loop.</summary>
    public static void Run(ProgramStmt file)
    {
        var check = new OrderingCheck();
        check.Program(file);
        check.FindLoop();
    }

    private void Program(ProgramStmt program)
    {
        var layer = new Dictionary<Key, Stmt?>();
        foreach (var statement in program.Statements)
        {
            if (DefinedKey(statement) is not { } key) continue;
            if (layer.TryGetValue(key, out var first))
            {
                throw new LangException(Phase.SetScope,
                    $"{Describe(key)} is defined twice in this block (first at {first!.Span.StartLine}:{first.Span.StartColumn}); " +
                    "each name may be defined once per block: rename or remove one of them", statement.Span);
            }
            layer.Add(key, statement);
            _definitions.Add(statement);
        }
        _layers.Add(layer);
        foreach (var statement in program.Statements) Statement(statement);
        _layers.RemoveAt(_layers.Count - 1);
    }

    private static Key? DefinedKey(Stmt statement) => statement switch
    {
        BindStmt b => new Key(KeyKind.Variable, b.Name),
        FuncStmt f => new Key(KeyKind.Function, f.Name),
        ClassStmt c => new Key(KeyKind.Class, c.Name),
        IncludeStmt { Alias: { } alias } => new Key(KeyKind.Alias, alias),
        ImportStmt { Alias: ImportStmt.MergeAlias } => null,
        ImportStmt { Alias: { } alias } => new Key(KeyKind.Alias, alias),
        ImportStmt i => DefaultAlias(i.Name) is { } name ? new Key(KeyKind.Alias, name) : null,
        _ => null,
    };

    /// <summary>An import's default alias; null for a malformed name (reported when the import is processed).</summary>
    private static string? DefaultAlias(string importName)
    {
        try
        {
            return ImportName.Parse(importName).Alias;
        }
        catch (ModuleException)
        {
            return null;
        }
    }

    private void Statement(Stmt statement)
    {
        var isDefinition = statement is BindStmt or FuncStmt or ClassStmt or ImportStmt or IncludeStmt { Alias: not null };
        if (isDefinition) _enclosing.Add(statement);
        switch (statement)
        {
            case BindStmt b:
                Expression(b.Value);
                break;
            case FuncStmt f:
                Lambda(f.Func);
                break;
            case ClassStmt c:
                WithParameters((c.Params ?? []).Select(p => p.Name), () => Program(c.Body));
                break;
            case IncludeStmt inc:
                Reference(inc, new Key(KeyKind.Class, inc.Name), inc.Name);
                foreach (var arg in inc.Args ?? []) Expression(arg);
                break;
            case ResourceStmt r:
                Expression(r.Name);
                foreach (var entry in r.Entries) Entry(entry);
                break;
            case EdgeStmt e:
                foreach (var half in e.Halves) Expression(half.Name);
                break;
            case IfStmt i:
                Expression(i.Condition);
                Program(i.Then);
                if (i.Else is not null) Program(i.Else);
                break;
            case ForStmt f:
                Expression(f.List);
                WithParameters([f.Index.Name, f.Value.Name], () => Program(f.Body));
                break;
            case ForKVStmt f:
                Expression(f.Map);
                WithParameters([f.Key.Name, f.Value.Name], () => Program(f.Body));
                break;
            case ProgramStmt p:
                Program(p);
                break;
        }
        if (isDefinition) _enclosing.RemoveAt(_enclosing.Count - 1);
    }

    private void Entry(ResourceEntry entry)
    {
        if (entry.Condition is not null) Expression(entry.Condition);
        switch (entry)
        {
            case ResourceFieldEntry f:
                Expression(f.Value);
                break;
            case ResourceMetaEntry m:
                Expression(m.Value);
                break;
            case ResourceEdgeEntry e:
                Expression(e.Target.Name);
                break;
        }
    }

    private void Expression(Expr root)
    {
        // Iterative, because long operator chains nest deeply.
        var pending = new Stack<Expr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case VarExpr v:
                    Reference(v, new Key(KeyKind.Variable, v.Name), v.Name);
                    break;
                case FuncExpr f:
                    Lambda(f);
                    break;
                case CallExpr c:
                    if (c.Lambda is not null) Lambda(c.Lambda);
                    else Reference(c, new Key(c.IsVariable ? KeyKind.Variable : KeyKind.Function, c.Name), c.Name);
                    for (var i = c.Args.Count - 1; i >= 0; i--) pending.Push(c.Args[i]);
                    break;
                case var other:
                    var children = other.Children.ToList();
                    for (var i = children.Count - 1; i >= 0; i--)
                    {
                        switch (children[i])
                        {
                            case Expr e:
                                pending.Push(e);
                                break;
                            case MapEntry m:
                                pending.Push(m.Value);
                                pending.Push(m.Key);
                                break;
                            case StructFieldValue s:
                                pending.Push(s.Value);
                                break;
                        }
                    }
                    break;
            }
        }
    }

    private void Lambda(FuncExpr f) => WithParameters(f.Params.Select(p => p.Name), () => Expression(f.Body));

    private void WithParameters(IEnumerable<string> names, Action body)
    {
        var layer = new Dictionary<Key, Stmt?>();
        foreach (var name in names) layer[new Key(KeyKind.Variable, name)] = null;
        _layers.Add(layer);
        body();
        _layers.RemoveAt(_layers.Count - 1);
    }

    /// <summary>Records that every enclosing definition depends on what <paramref name="key"/> (and, for a dotted name, its alias) refers to.</summary>
    private void Reference(Node witness, Key key, string name)
    {
        Depend(witness, key);
        var dot = name.IndexOf('.');
        if (dot > 0) Depend(witness, new Key(KeyKind.Alias, name[..dot]));
    }

    private void Depend(Node witness, Key key)
    {
        Stmt? target = null;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            if (_layers[i].TryGetValue(key, out target)) break;
        }
        if (target is null) return;
        foreach (var from in _enclosing)
        {
            if (!_seen.Add((from, target))) continue;
            if (!_dependencies.TryGetValue(from, out var list)) _dependencies[from] = list = [];
            list.Add(new Dependency(target, witness));
        }
    }

    /// <summary>Depth-first search over the definitions in source order; the first loop found is reported.</summary>
    private void FindLoop()
    {
        var state = new Dictionary<Stmt, bool>(); // false: on the current path; true: finished
        var path = new List<(Stmt Node, int Next, Node? Via)>();
        foreach (var start in _definitions)
        {
            if (state.ContainsKey(start)) continue;
            state[start] = false;
            path.Add((start, 0, null));
            while (path.Count > 0)
            {
                var (node, next, via) = path[^1];
                var edges = _dependencies.GetValueOrDefault(node);
                if (edges is null || next >= edges.Count)
                {
                    state[node] = true;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                path[^1] = (node, next + 1, via);
                var edge = edges[next];
                if (!state.TryGetValue(edge.Target, out var finished))
                {
                    state[edge.Target] = false;
                    path.Add((edge.Target, 0, edge.Witness));
                }
                else if (!finished)
                {
                    var start0 = path.FindIndex(f => ReferenceEquals(f.Node, edge.Target));
                    var witnesses = path.Skip(start0 + 1).Select(f => f.Via!).Append(edge.Witness);
                    throw Loop(witnesses);
                }
            }
        }
    }

    private static LangException Loop(IEnumerable<Node> witnesses)
    {
        var spans = witnesses.Select(w => w.Span)
            .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.StartLine).ThenBy(s => s.StartColumn)
            .ToArray();
        var message = spans.Length == 1
            ? "recursive reference: this definition uses itself, and mcl has no recursion; compute the value without referring back to it"
            : "recursive reference: these definitions use each other in a loop, and mcl has no recursion; break the loop";
        return new LangException(Phase.SetScope, message, spans);
    }

    private static string Describe(Key key) => key.Kind switch
    {
        KeyKind.Variable => $"variable `${key.Name}`",
        KeyKind.Function => $"function `{key.Name}`",
        KeyKind.Class => $"class `{key.Name}`",
        _ => $"the name `{key.Name}` (an import or `include ... as` alias)",
    };
}
