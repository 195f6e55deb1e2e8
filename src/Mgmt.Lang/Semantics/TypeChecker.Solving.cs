using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Semantics;

internal sealed partial class TypeChecker
{
    /// <summary>
    /// Asks the built-ins whose typing depends on their arguments (<see cref="BuiltinFunction.Refine"/>) to add what
    /// they know, again and again until a full round learns nothing new.
    /// </summary>
    private void RefineUntilStable()
    {
        // Each round either settles a call or binds an unknown, so this ends; the cap guards against a built-in
        // that keeps inventing new unknowns.
        const int maxRounds = 10_000;
        bool changed;
        var rounds = 0;
        do
        {
            changed = false;
            foreach (var pending in _builtins)
            {
                if (pending.Refined) continue;
                var before = _solver.Progress;
                pending.Refined = Refine(pending);
                changed |= pending.Refined || _solver.Progress != before;
            }
        }
        while (changed && ++rounds < maxRounds);
    }

    private bool Refine(PendingBuiltin pending)
    {
        try
        {
            return pending.Function.Refine(pending.Signature, pending.Site, _solver);
        }
        catch (TypeCheckException e)
        {
            throw new LangException(Phase.Unify, Readable($"type error in {DescribeCall(pending.Call)}: {e.Message}"), pending.Call.Span);
        }
    }

    /// <summary>
    /// Names whose type nothing decided become lists of strings (for <c>collect</c>, lists of name and host
    /// structs), as in the reference.
    /// </summary>
    private void SettleNames()
    {
        foreach (var use in _names)
        {
            var type = _solver.Resolve(use.Type);
            if (type is TypeVariable || type is ListType { Element: TypeVariable })
            {
                Require(DataType.List(use.Collect ? CollectName : DataType.Str), use.Type, use.Blame, NameMismatch(use.Type));
            }
        }
    }

    private void CheckNames()
    {
        foreach (var use in _names)
        {
            var type = _solver.Resolve(use.Type);
            if (type == DataType.Str || type == DataType.List(DataType.Str)) continue;
            if (use.Collect && type == DataType.List(CollectName)) continue;
            var allowed = use.Collect ? "a str, a []str or a []struct{name str; host str}" : "a str or a []str";
            throw new LangException(Phase.Unify, Readable($"type error: a resource name must be {allowed}, but this one is {type}"), use.Blame);
        }
    }

    /// <summary>
    /// Every typed expression must end with a fully known type: an unknown part means the program does not say
    /// what it is (an empty list never filled, a function never called...), and the user must say it.
    /// </summary>
    private void RejectAmbiguity()
    {
        foreach (var pending in _builtins)
        {
            // A last chance for built-ins that could not decide earlier, now that names are settled.
            if (!pending.Refined && _solver.Resolve(pending.Signature).IsKnown) pending.Refined = Refine(pending);
        }
        foreach (var expr in _typedOrder)
        {
            var type = _solver.Resolve(_types[expr]);
            _final[expr] = type;
            if (type.IsKnown) continue;
            throw new LangException(Phase.Unify,
                Readable($"cannot tell the type of this expression: it is {type}, where ? could be anything; " +
                         "add a type annotation (such as `$x []str = ...` or `func($a int) str {...}`) or use the value where its type is known"),
                expr.Span);
        }
    }

    /// <summary>Lets every built-in refuse the final types it cannot handle (<c>len</c> of an int...).</summary>
    private void CheckBuiltins()
    {
        foreach (var pending in _builtins)
        {
            if (!pending.Refined)
            {
                throw new LangException(Phase.Unify,
                    $"cannot work out how {DescribeCall(pending.Call)} is used here; add type annotations to its arguments", pending.Call.Span);
            }
            try
            {
                pending.Function.Check((FuncType)_solver.Resolve(pending.Signature), pending.Site);
            }
            catch (TypeCheckException e)
            {
                throw new LangException(Phase.Unify, $"type error in {DescribeCall(pending.Call)}: {e.Message}", pending.Call.Span);
            }
        }
    }
}
