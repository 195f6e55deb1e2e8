using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Syntax.Ast;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Semantics;

internal sealed partial class TypeChecker
{
    private DataType InferVariable(VarExpr v)
    {
        var type = TypeOf(tables.Variables[v]);
        if (InterpolatedVariables.IsInterpolated(v) && !_interpolationHandled.Contains(v))
        {
            Require(DataType.Str, type, v.Span,
                m => $"type error: only str values can be placed in a string with ${{...}}, but `${v.Name}` is {Show(type)}; " +
                     "convert it first (for example with fmt.printf)");
        }
        return type;
    }

    /// <summary>The type of what a variable stands for; a bound value is typed the first time it is used.</summary>
    private DataType TypeOf(Binding binding) => binding switch
    {
        ExprBinding e => InferBound(e.Value),
        ParamBinding p => _parameterTypes.TryGetValue(p.Function, out var ps)
            ? ps[p.Index]
            : throw new InvalidOperationException($"internal error: parameter {p.Index} of {p.Function} used before its function was typed"),
        LoopBinding l => l.IsKey ? _loopTypes[l.Loop].Key : _loopTypes[l.Loop].Value,
        ConstantBinding c => c.Value.Type,
        HostnameBinding => DataType.Str,
        _ => throw new InvalidOperationException($"internal error: unknown binding {binding}"),
    };

    /// <summary>A bound value, checked against the annotation of its bind statement (<c>$x T = ...</c>) the first time.</summary>
    private DataType InferBound(Expr value)
    {
        if (_types.TryGetValue(value, out var known)) return known;
        var type = Infer(value);
        if (tables.BindOfValue.TryGetValue(value, out var bind) && bind.Type is { } declared)
        {
            Require(declared, type, value.Span,
                m => $"type error: `${bind.Name}` is declared as {declared}, but its value does not match; {m.Describe()}");
        }
        return type;
    }

    private DataType InferCall(CallExpr call)
    {
        var args = new DataType[call.Args.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Infer(call.Args[i]);
        return tables.Calls[call] switch
        {
            BuiltinTarget b => InferBuiltinCall(call, b.Function, args),
            FuncStmtTarget f => CallFunction(call, args, Infer(f.Instance), f.Instance.Span, $"function `{f.Definition.Name}`", shared: false),
            ValueTarget { Callee: var callee } => CallFunction(call, args, TypeOf(callee), CalleeSpan(callee, call), DescribeCallee(callee), shared: true),
            var other => throw new InvalidOperationException($"internal error: unknown call target {other}"),
        };
    }

    /// <summary>
    /// A call of a function value or of a <c>func</c> statement: the function must take these arguments. A clash
    /// is blamed on the function's definition (the lambda, or the parameter or loop variable holding it), since a
    /// variable bound to a function has one type for all its uses (<paramref name="shared"/>), while each call of a
    /// <c>func</c> statement has its own copy.
    /// </summary>
    private TypeVariable CallFunction(CallExpr call, DataType[] args, DataType callee, SourceSpan blame, string what, bool shared)
    {
        var result = new TypeVariable();
        var expected = DataType.Func([.. args.Select((a, i) => new FuncParam(SignatureParser.ArgName(i), a))], result);
        Require(expected, callee, blame, m => m.Kind switch
        {
            TypeMismatchKind.ArgumentCount when _solver.Resolve(callee) is FuncType f =>
                $"type error: {what} takes {Plural(f.Parameters.Count, "argument")}, but it is called with {args.Length} (line {call.Span.StartLine})",
            TypeMismatchKind.SelfReference =>
                $"type error: {what} is applied to itself, which no type can describe: {m.Describe()}",
            _ when _solver.Find(callee) is not FuncType and not TypeVariable =>
                $"type error: {what} is called like a function, but it is {Show(callee)}",
            _ when shared => $"type error: {what} is used with different types; {m.Describe()} (in the call at line {call.Span.StartLine})",
            _ => $"type error: the call at line {call.Span.StartLine} does not fit {what}; {m.Describe()}",
        });
        return result;
    }

    private string DescribeCallee(Binding callee) => callee switch
    {
        ExprBinding e when tables.BindOfValue.TryGetValue(e.Value, out var bind) => $"`${bind.Name}`",
        ExprBinding { Value: FuncExpr } => "this lambda",
        ExprBinding => "this function value",
        ParamBinding p => $"parameter `${p.Function.Params[p.Index].Name}`",
        LoopBinding { Loop: ForStmt f, IsKey: var key } => $"loop variable `${(key ? f.Index : f.Value).Name}`",
        LoopBinding { Loop: ForKVStmt f, IsKey: var key } => $"loop variable `${(key ? f.Key : f.Value).Name}`",
        _ => "this value",
    };

    /// <summary>How a call is named in messages: by the syntax it was written with.</summary>
    internal static string DescribeCall(CallExpr call) => call.Sugar switch
    {
        CallSugar.Operator when call.OperatorSymbol is { } op => $"the {op} operator",
        CallSugar.In => "the `in` operator",
        CallSugar.Index => "the index lookup `[...]`",
        CallSugar.FieldLookup or CallSugar.OptionalFieldLookup => "the struct field lookup `->`",
        CallSugar.Interpolation => "the string interpolation",
        CallSugar.Panic => "panic",
        _ => $"`{call.Name}`",
    };

    /// <summary>Where a mistake in calling a function value is shown: where the function is defined.</summary>
    private static SourceSpan CalleeSpan(Binding callee, CallExpr call) => callee switch
    {
        ExprBinding e => e.Value.Span,
        ParamBinding p => p.Function.Params[p.Index].Span,
        LoopBinding { Loop: ForStmt f, IsKey: var key } => key ? f.Index.Span : f.Value.Span,
        LoopBinding { Loop: ForKVStmt f, IsKey: var key } => key ? f.Key.Span : f.Value.Span,
        _ => call.Span,
    };

    private DataType InferBuiltinCall(CallExpr call, BuiltinFunction function, DataType[] args)
    {
        var site = new CallSite(args.Length, i => StaticValue(call.Args[i], 0));
        FuncType signature;
        try
        {
            signature = function.Infer(site);
        }
        catch (TypeCheckException e)
        {
            throw new LangException(Phase.Unify, $"cannot use {DescribeCall(call)} here: {e.Message}", call.Span);
        }
        if (signature.Parameters.Count != args.Length)
        {
            throw new LangException(Phase.Unify,
                $"{DescribeCall(call)} takes {Plural(signature.Parameters.Count, "argument")}, but {args.Length} {(args.Length == 1 ? "was" : "were")} given",
                call.Span);
        }
        for (var i = 0; i < args.Length; i++)
        {
            var index = i;
            Require(signature.Parameters[i].Type, args[i], call.Span, m => ArgumentMismatch(call, function, index, m));
        }
        _builtins.Add(new PendingBuiltin(call, function, signature, site));
        return signature.Result;
    }

    private string ArgumentMismatch(CallExpr call, BuiltinFunction function, int index, TypeMismatch m)
    {
        var arg = call.Args[index];
        var at = $"{arg.Span.StartLine}:{arg.Span.StartColumn}";
        switch (call.Sugar)
        {
            case CallSugar.Operator when call.OperatorSymbol is { } op && call.Args.Count == 3:
                return $"type error: the {op} operator needs both sides of one type, found {Show(Infer(call.Args[1]))} " +
                       $"(left, at {call.Args[1].Span.StartLine}:{call.Args[1].Span.StartColumn}) and {Show(Infer(call.Args[2]))} (right, at {at})";
            case CallSugar.Operator when call.OperatorSymbol is { } op:
                return $"type error: the {op} operator cannot take this value: {m.Describe()} (at {at})";
            case CallSugar.Interpolation:
                return $"type error: only str values can be placed in a string with ${{...}}; {m.Describe()}";
            default:
                return $"type error: argument {index + 1} of `{call.Name}` does not fit: {m.Describe()} (argument at {at})";
        }
    }

    /// <summary>The value of an argument known before the program runs: a literal, or a variable bound to one.</summary>
    private Value? StaticValue(Expr expr, int depth) => expr switch
    {
        BoolExpr b => Value.Bool(b.Value),
        IntExpr i => Value.Int(i.Value),
        FloatExpr f => Value.Float(f.Value),
        StrExpr s => Value.Str(s.Value),
        VarExpr v when depth < 16 && !InterpolatedVariables.IsInterpolated(v) && tables.Variables.TryGetValue(v, out var b) => b switch
        {
            ConstantBinding c => c.Value,
            ExprBinding e => StaticValue(e.Value, depth + 1),
            _ => null,
        },
        _ => null,
    };

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
