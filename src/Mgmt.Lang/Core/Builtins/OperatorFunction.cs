using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>
/// <c>_operator(op, a, b)</c>: every operator of the language, chosen by its first argument, which the parser
/// always gives as a constant string (<c>"+"</c>, <c>"=="</c>, <c>"not"</c>...). The argument is named <c>op</c>
/// and the operands <c>a</c>, <c>b</c>, as in the reference's function graph.
/// </summary>
internal sealed class OperatorFunction() : BuiltinFunction("_operator")
{
    public override string Description => "Applies the operator named by the first argument to the others.";

    public override FuncType Infer(CallSite site)
    {
        if (site.ArgCount < 1) throw new TypeCheckException("_operator needs the operator as its first argument");
        if (site.StaticArg(0) is not StrValue symbol)
        {
            throw new TypeCheckException("the operator of _operator must be a constant string");
        }
        var spec = OperatorTable.Find(symbol.V)
            ?? throw new TypeCheckException($"unknown operator '{symbol.V}'");
        if (site.ArgCount - 1 != spec.Arity)
        {
            throw new TypeCheckException(
                $"operator {spec.Symbol} takes {spec.Arity} operand{(spec.Arity == 1 ? "" : "s")}, but {site.ArgCount - 1} {(site.ArgCount - 1 == 1 ? "was" : "were")} given");
        }
        var operands = SignatureParser.ParseFunc(spec.Signature);
        return DataType.Func([new FuncParam("op", DataType.Str), .. operands.Parameters], operands.Result);
    }

    public override void Check(FuncType resolved, CallSite site)
    {
        if (site.StaticArg(0) is not StrValue symbol || OperatorTable.Find(symbol.V) is not { } spec) return;
        if (resolved.Parameters.Count < 2) return;
        var operand = resolved.Parameters[1].Type;
        if (spec.Operands is null)
        {
            if (TypeRules.ContainsFunc(operand))
            {
                throw new TypeCheckException($"operator {spec.Symbol} cannot compare functions ({operand})");
            }
            return;
        }
        if (!spec.Operands.Contains(operand))
        {
            var accepted = string.Join(", ", spec.Operands.Select(t => t.ToString()));
            throw new TypeCheckException($"operator {spec.Symbol} works on {accepted}, not on {operand}");
        }
    }

    public override FunctionNode Create(FuncType resolved) => new Node();

    private sealed class Node : PureFunctionNode
    {
        private OperatorTable.Spec? _spec;

        public override Value Call(IReadOnlyList<Value> args)
        {
            var symbol = args[0].AsStr();
            if (_spec is null || _spec.Symbol != symbol)
            {
                _spec = OperatorTable.Find(symbol) ?? throw new FunctionException($"unknown operator '{symbol}'");
            }
            return _spec.Eval(args.Skip(1).ToArray());
        }
    }
}
