using Mgmt.Engine.Values;

namespace Mgmt.Lang.Functions;

/// <summary>
/// The standard library as the compiler sees it: packages (<c>""</c> for the functions that need no import,
/// <c>fmt</c>, <c>golang/strings</c>, <c>example/nested</c>...) holding functions and constant variables
/// (<c>os.family_debian</c>), plus the global variables every program sees (<c>$const.res.file.state.exists</c>).
/// Built once at start-up, then read-only.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly Dictionary<string, Dictionary<string, BuiltinFunction>> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Value>> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _globals = new(StringComparer.Ordinal);

    /// <summary>Adds a function to a package (<c>""</c> = top level, no import needed).</summary>
    public FunctionRegistry Add(string package, BuiltinFunction function)
    {
        var members = Package(_functions, package);
        if (!members.TryAdd(function.Name, function))
        {
            throw new InvalidOperationException($"function {package}.{function.Name} registered twice");
        }
        return this;
    }

    /// <summary>Adds a constant variable to a package, seen as <c>$pkg.name</c> after import.</summary>
    public FunctionRegistry AddVariable(string package, string name, Value value)
    {
        Package(_variables, package)[name] = value;
        return this;
    }

    /// <summary>Adds a variable every program sees without import (<c>const.res.file.state.exists</c>).</summary>
    public FunctionRegistry AddGlobal(string dottedName, Value value)
    {
        _globals[dottedName] = value;
        return this;
    }

    /// <summary>True when <paramref name="package"/> can be imported.</summary>
    public bool HasPackage(string package) =>
        package.Length > 0 && (_functions.ContainsKey(package) || _variables.ContainsKey(package));

    public BuiltinFunction? FindFunction(string package, string name) =>
        _functions.TryGetValue(package, out var m) ? m.GetValueOrDefault(name) : null;

    public Value? FindVariable(string package, string name) =>
        _variables.TryGetValue(package, out var m) ? m.GetValueOrDefault(name) : null;

    public IReadOnlyDictionary<string, BuiltinFunction> Functions(string package) =>
        _functions.TryGetValue(package, out var m) ? m : new Dictionary<string, BuiltinFunction>();

    public IReadOnlyDictionary<string, Value> Variables(string package) =>
        _variables.TryGetValue(package, out var m) ? m : new Dictionary<string, Value>();

    public IReadOnlyDictionary<string, Value> Globals => _globals;

    /// <summary>Every package name that can be imported, sorted.</summary>
    public IEnumerable<string> Packages =>
        _functions.Keys.Concat(_variables.Keys).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal);

    private static Dictionary<string, T> Package<T>(Dictionary<string, Dictionary<string, T>> table, string package)
    {
        if (!table.TryGetValue(package, out var m)) table[package] = m = new Dictionary<string, T>(StringComparer.Ordinal);
        return m;
    }
}
