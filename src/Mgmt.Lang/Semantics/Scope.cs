namespace Mgmt.Lang.Semantics;

/// <summary>
/// One level of lexical scope: a file, a class body, an <c>if</c> branch, a loop body, a function's parameters.
/// Variables, functions and classes live in separate namespaces; an inner scope may shadow any outer name.
/// Names imported with an alias (<c>import "fmt"</c>, <c>include c as i</c>) are reached through
/// <see cref="Namespace"/>s: <c>$i.x</c> looks up <c>x</c> in the scope of <c>i</c>. A scope is filled while
/// its block is entered and only read afterwards.
/// </summary>
internal sealed class Scope(Scope? parent)
{
    private Dictionary<string, Binding>? _variables;
    private Dictionary<string, FunctionSymbol>? _functions;
    private Dictionary<string, ClassSymbol>? _classes;
    private Dictionary<string, Namespace>? _namespaces;
    private List<Namespace>? _merged;

    public Scope? Parent { get; } = parent;

    /// <summary>Defines a variable here; an existing definition at this level wins (duplicates are reported earlier).</summary>
    public void DefineVariable(string name, Binding binding) =>
        (_variables ??= new(StringComparer.Ordinal)).TryAdd(name, binding);

    public void DefineFunction(string name, FunctionSymbol function) =>
        (_functions ??= new(StringComparer.Ordinal)).TryAdd(name, function);

    public void DefineClass(string name, ClassSymbol @class) =>
        (_classes ??= new(StringComparer.Ordinal)).TryAdd(name, @class);

    /// <summary>Makes <paramref name="alias"/><c>.name</c> reach the names of <paramref name="members"/>.</summary>
    public void DefineNamespace(string alias, Namespace members) =>
        (_namespaces ??= new(StringComparer.Ordinal)).TryAdd(alias, members);

    /// <summary>Makes every name of <paramref name="members"/> visible here without a prefix (<c>import ... as *</c>).</summary>
    public void Merge(Namespace members) => (_merged ??= []).Add(members);

    /// <summary>The innermost namespace named <paramref name="alias"/>, or null.</summary>
    public Namespace? FindNamespace(string alias)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._namespaces is { } spaces && spaces.TryGetValue(alias, out var found)) return found;
        }
        return null;
    }

    public Binding? FindVariable(string name) => Find(name, static s => s._variables);

    public FunctionSymbol? FindFunction(string name) => Find(name, static s => s._functions);

    public ClassSymbol? FindClass(string name) => Find(name, static s => s._classes);

    /// <summary>
    /// The innermost definition of <paramref name="name"/>. At each level the exact name is tried first, then a
    /// dotted name's first part as a namespace (which then answers for the rest of the name, shadowing outer
    /// levels), then the merged namespaces.
    /// </summary>
    private T? Find<T>(string name, Func<Scope, Dictionary<string, T>?> table) where T : class
    {
        var dot = name.IndexOf('.');
        for (var s = this; s is not null; s = s.Parent)
        {
            if (table(s) is { } own && own.TryGetValue(name, out var found)) return found;
            if (dot > 0 && s._namespaces is { } spaces && spaces.TryGetValue(name[..dot], out var space))
            {
                return space.Members.Find(name[(dot + 1)..], table);
            }
            if (s._merged is { } merged)
            {
                foreach (var m in merged)
                {
                    if (m.Members.Find(name, table) is { } viaMerge) return viaMerge;
                }
            }
        }
        return null;
    }
}

/// <summary>
/// The names reachable through an alias: a core package, an imported module, or a class instance made by
/// <c>include ... as alias</c>. <see cref="Members"/> may be computed on first use.
/// </summary>
internal sealed class Namespace(string description, Func<Scope> members)
{
    private Scope? _members;

    /// <summary>What the alias refers to, for messages (<c>package fmt</c>, <c>module /x.mcl</c>).</summary>
    public string Description { get; } = description;

    public Scope Members => _members ??= members();
}
