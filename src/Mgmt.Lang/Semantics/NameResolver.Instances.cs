using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

internal sealed partial class NameResolver
{
    private readonly HashSet<IncludeStmt> _includesInProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<ClassStmt> _classStack = [];
    private readonly List<FuncStmt> _functionStack = [];

    /// <summary>
    /// The instance an <c>include</c> creates (made once per include statement): the class is looked up where the
    /// include is written, the arguments are resolved there too, and a copy of the class body is resolved in the
    /// class's own scope with its parameters bound to the arguments.
    /// </summary>
    private IncludeResolution Instantiate(IncludeStmt include, Scope scope, CompiledModule module)
    {
        if (Tables.Includes.TryGetValue(include, out var done)) return done;
        if (!_includesInProgress.Add(include))
        {
            throw new LangException(Phase.SetScope,
                $"recursive reference: the include of `{include.Name}` needs its own result; mcl has no recursion", include.Span);
        }
        var symbol = scope.FindClass(include.Name) ?? throw new LangException(Phase.SetScope,
            $"there is no class `{include.Name}` in this scope: define it with `class {include.Name} {{ ... }}`, or check the spelling",
            include.Span);
        var parameters = symbol.Definition.Params ?? [];
        var args = include.Args ?? [];
        if (parameters.Count != args.Count)
        {
            throw new LangException(Phase.SetScope,
                $"class `{include.Name}` takes {Plural(parameters.Count, "argument")}, but this include gives {args.Count}",
                include.Span);
        }
        foreach (var arg in args) ResolveExpr(arg, scope);

        if (_classStack.Contains(symbol.Definition))
        {
            throw new LangException(Phase.SetScope,
                $"recursive reference: class `{include.Name}` includes itself; mcl has no recursion", include.Span);
        }
        var body = symbol.Definition.Body.Clone();
        var parameterScope = new Scope(symbol.Captured);
        for (var i = 0; i < parameters.Count; i++) parameterScope.DefineVariable(parameters[i].Name, new ExprBinding(args[i]));
        _classStack.Add(symbol.Definition);
        var bodyScope = EnterBlock(body, parameterScope, symbol.Module);
        var resolution = new IncludeResolution(symbol, body, bodyScope);
        // Recorded before the body is resolved, so that names of the body can already be reached as `$alias.x`.
        Tables.Includes[include] = resolution;
        _includesInProgress.Remove(include);
        ResolveBlock(body, bodyScope, symbol.Module);
        _classStack.RemoveAt(_classStack.Count - 1);
        return resolution;
    }

    /// <summary>This call's own copy of a <c>func</c> statement, resolved in the scope the function was written in.</summary>
    private FuncExpr InstantiateFunction(FuncStmtSymbol symbol, CallExpr call)
    {
        if (_functionStack.Contains(symbol.Definition))
        {
            throw new LangException(Phase.SetScope,
                $"recursive reference: function `{symbol.Definition.Name}` calls itself; mcl has no recursion", call.Span);
        }
        var instance = symbol.Definition.Func.Clone();
        _functionStack.Add(symbol.Definition);
        ResolveLambda(instance, symbol.Captured);
        _functionStack.RemoveAt(_functionStack.Count - 1);
        return instance;
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
