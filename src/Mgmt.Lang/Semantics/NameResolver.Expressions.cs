using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

internal sealed partial class NameResolver
{
    private readonly record struct Work(Expr Expr, Scope Scope, bool ArgumentsDone);

    /// <summary>
    /// Resolves every variable and call in an expression. A lambda's body sees its parameters over the scope the
    /// lambda is written in. The walk uses its own stack, so very long operator chains are fine.
    /// </summary>
    private void ResolveExpr(Expr root, Scope rootScope)
    {
        var pending = new Stack<Work>();
        pending.Push(new Work(root, rootScope, false));
        while (pending.Count > 0)
        {
            var (expr, scope, argumentsDone) = pending.Pop();
            switch (expr)
            {
                case VarExpr v:
                    Tables.Variables[v] = scope.FindVariable(v.Name) ?? throw UnknownVariable(v, scope);
                    break;
                case FuncExpr f:
                    pending.Push(new Work(f.Body, LambdaScope(f, scope), false));
                    break;
                case CallExpr c when !argumentsDone:
                    // Arguments first, then the callee, as the reference does.
                    pending.Push(new Work(c, scope, true));
                    for (var i = c.Args.Count - 1; i >= 0; i--) pending.Push(new Work(c.Args[i], scope, false));
                    break;
                case CallExpr c:
                    if (c.Lambda is not null) pending.Push(new Work(c.Lambda, scope, false));
                    Tables.Calls[c] = ResolveCallee(c, scope);
                    break;
                default:
                    PushChildren(expr, scope, pending);
                    break;
            }
        }
    }

    private static void PushChildren(Expr expr, Scope scope, Stack<Work> pending)
    {
        var children = expr.Children.ToList();
        for (var i = children.Count - 1; i >= 0; i--)
        {
            switch (children[i])
            {
                case Expr e:
                    pending.Push(new Work(e, scope, false));
                    break;
                case MapEntry m:
                    pending.Push(new Work(m.Value, scope, false));
                    pending.Push(new Work(m.Key, scope, false));
                    break;
                case StructFieldValue s:
                    pending.Push(new Work(s.Value, scope, false));
                    break;
            }
        }
    }

    /// <summary>Resolves a lambda (or a function instance) whose body sees its parameters over <paramref name="scope"/>.</summary>
    private void ResolveLambda(FuncExpr function, Scope scope) => ResolveExpr(function.Body, LambdaScope(function, scope));

    private static Scope LambdaScope(FuncExpr function, Scope scope)
    {
        var inner = new Scope(scope);
        for (var i = 0; i < function.Params.Count; i++) inner.DefineVariable(function.Params[i].Name, new ParamBinding(function, i));
        return inner;
    }

    private ResolvedCall ResolveCallee(CallExpr call, Scope scope)
    {
        if (call.Lambda is not null) return new ValueTarget(new ExprBinding(call.Lambda));
        if (call.IsVariable)
        {
            return new ValueTarget(scope.FindVariable(call.Name) ?? throw new LangException(Phase.SetScope,
                $"there is no function value `${call.Name}` here: define it with `${call.Name} = func(...) {{ ... }}`, or check the spelling",
                call.Span));
        }
        return scope.FindFunction(call.Name) switch
        {
            BuiltinSymbol b => new BuiltinTarget(b.Function),
            FuncStmtSymbol f => new FuncStmtTarget(f.Definition, InstantiateFunction(f, call)),
            _ => throw UnknownFunction(call, scope),
        };
    }

    private static LangException UnknownVariable(VarExpr v, Scope scope)
    {
        var dot = v.Name.IndexOf('.');
        if (dot > 0 && scope.FindNamespace(v.Name[..dot]) is { } space)
        {
            return new LangException(Phase.SetScope,
                $"there is no variable `${v.Name}`: `{v.Name[..dot]}` ({space.Description}) has no variable named `{v.Name[(dot + 1)..]}`",
                v.Span);
        }
        return new LangException(Phase.SetScope,
            $"there is no variable `${v.Name}` in this scope: define it with `${v.Name} = ...`, or check the spelling " +
            "(variables of other files are reached through their import name, as in `$mod.x`)", v.Span);
    }

    private LangException UnknownFunction(CallExpr call, Scope scope)
    {
        var dot = call.Name.IndexOf('.');
        if (dot > 0)
        {
            var prefix = call.Name[..dot];
            if (scope.FindNamespace(prefix) is { } space)
            {
                return new LangException(Phase.SetScope,
                    $"there is no function `{call.Name}`: `{prefix}` ({space.Description}) has no function named `{call.Name[(dot + 1)..]}`",
                    call.Span);
            }
            if (_functions.HasPackage(prefix))
            {
                return new LangException(Phase.SetScope,
                    $"there is no function `{call.Name}` in this scope: add `import \"{prefix}\"` to use the `{prefix}` package", call.Span);
            }
        }
        return new LangException(Phase.SetScope,
            $"there is no function `{call.Name}` in this scope: define it with `func {call.Name}(...) {{ ... }}`, import its package, " +
            "or check the spelling", call.Span);
    }
}
