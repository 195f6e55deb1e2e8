using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Syntax.Ast;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Type unification for a resolved program. Walking the output statements in source order (and, through them,
/// every expression they use), it gives each expression a type with unknowns and records equalities, each
/// blamed on the source position a mistake would be reported at. Then it lets argument-dependent built-ins add
/// what they know (<see cref="BuiltinFunction.Refine"/>), settles defaults, rejects anything left ambiguous and
/// asks each built-in to accept its final type. Bound values are typed once (they are monomorphic); each
/// instance of a function or class is typed separately. Definitions nothing uses are not typed, as in the
/// reference.
/// </summary>
internal sealed partial class TypeChecker(ResolutionTables tables, ResourceRegistry resources)
{
    private readonly TypeSolver _solver = new();
    private readonly Dictionary<Expr, DataType> _types = new(ReferenceEqualityComparer.Instance);
    private readonly List<Expr> _typedOrder = [];
    private readonly HashSet<Expr> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FuncExpr, DataType[]> _parameterTypes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Stmt, (DataType Key, DataType Value)> _loopTypes = new(ReferenceEqualityComparer.Instance);
    private readonly List<PendingBuiltin> _builtins = [];
    private readonly HashSet<VarExpr> _interpolationHandled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, DataType> _final = new(ReferenceEqualityComparer.Instance);

    /// <summary>One call of a built-in: the type it inferred, and whether <see cref="BuiltinFunction.Refine"/> is satisfied.</summary>
    private sealed class PendingBuiltin(CallExpr call, BuiltinFunction function, FuncType signature, CallSite site)
    {
        public CallExpr Call { get; } = call;
        public BuiltinFunction Function { get; } = function;
        public FuncType Signature { get; } = signature;
        public CallSite Site { get; } = site;
        public bool Refined { get; set; }
    }

    /// <summary>Types everything the entry file's statements use; throws a <see cref="Phase.Unify"/> error on a mistake.</summary>
    public void Check(ProgramStmt main)
    {
        try
        {
            TypeBlock(main);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new LangException(Phase.Unify,
                "the program nests expressions too deeply to be checked; split long expressions with intermediate variables",
                main.Span);
        }
        RefineUntilStable();
        SettleNames();
        RefineUntilStable();
        CheckNames();
        RejectAmbiguity();
        CheckBuiltins();
    }

    /// <summary>Every typed expression with its final type (after <see cref="Check"/>).</summary>
    public IReadOnlyDictionary<Expr, DataType> FinalTypes() => _final;

    /// <summary>The target of every typed call, with built-ins carrying their final type.</summary>
    public Dictionary<CallExpr, CallTarget> FinalCalls()
    {
        var result = new Dictionary<CallExpr, CallTarget>(ReferenceEqualityComparer.Instance);
        foreach (var (call, resolved) in tables.Calls)
        {
            switch (resolved)
            {
                case FuncStmtTarget f:
                    result[call] = new FuncStmtCall(f.Definition, f.Instance);
                    break;
                case ValueTarget v:
                    result[call] = new ValueCall(v.Callee);
                    break;
            }
        }
        foreach (var b in _builtins)
        {
            result[b.Call] = new BuiltinCall(b.Function, (FuncType)_solver.Resolve(b.Signature), b.Site);
        }
        return result;
    }

    private DataType Infer(Expr expr)
    {
        if (_types.TryGetValue(expr, out var known)) return known;
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (!_inProgress.Add(expr))
        {
            throw new LangException(Phase.Unify, "recursive definition: this value depends on itself", expr.Span);
        }
        var type = expr switch
        {
            BoolExpr => DataType.Bool,
            IntExpr => DataType.Int,
            FloatExpr => DataType.Float,
            StrExpr or StrTemplateExpr => DataType.Str,
            ListExpr l => InferList(l),
            MapExpr m => InferMap(m),
            StructExpr s => new StructType(s.Fields.Select(f => new StructField(f.Name, Infer(f.Value)))),
            IfExpr i => InferIf(i),
            ExceptExpr e => InferExcept(e),
            FuncExpr f => InferFunction(f),
            VarExpr v => InferVariable(v),
            CallExpr c => InferCall(c),
            _ => throw new InvalidOperationException($"internal error: cannot type {expr} at {expr.Span}"),
        };
        _inProgress.Remove(expr);
        _types[expr] = type;
        _typedOrder.Add(expr);
        return type;
    }

    private DataType InferList(ListExpr list)
    {
        var element = new TypeVariable();
        foreach (var e in list.Elements)
        {
            Require(element, Infer(e), e.Span, m => $"type error: the elements of a list must all have one type; {m.Describe()}");
        }
        return DataType.List(element);
    }

    private DataType InferMap(MapExpr map)
    {
        var key = new TypeVariable();
        var value = new TypeVariable();
        foreach (var entry in map.Entries)
        {
            Require(key, Infer(entry.Key), entry.Key.Span, m => $"type error: the keys of a map must all have one type; {m.Describe()}");
            Require(value, Infer(entry.Value), entry.Value.Span, m => $"type error: the values of a map must all have one type; {m.Describe()}");
        }
        return DataType.Map(key, value);
    }

    private DataType InferIf(IfExpr i)
    {
        Require(DataType.Bool, Infer(i.Condition), i.Condition.Span, m => $"type error: the condition of an if must be a bool; {m.Describe()}");
        var result = new TypeVariable();
        Require(result, Infer(i.Then), i.Then.Span, m => $"type error: both branches of an if expression must have one type; {m.Describe()}");
        Require(result, Infer(i.Else), i.Else.Span, m => $"type error: both branches of an if expression must have one type; {m.Describe()}");
        return result;
    }

    private DataType InferExcept(ExceptExpr e)
    {
        var result = new TypeVariable();
        Require(result, Infer(e.Primary), e.Primary.Span, m => $"type error: both sides of <|> must have one type; {m.Describe()}");
        Require(result, Infer(e.Fallback), e.Fallback.Span, m => $"type error: both sides of <|> must have one type; {m.Describe()}");
        return result;
    }

    private DataType InferFunction(FuncExpr f)
    {
        var parameters = f.Params.Select(p => p.Type ?? new TypeVariable()).ToArray();
        _parameterTypes[f] = parameters;
        var result = f.ReturnType ?? new TypeVariable();
        Require(result, Infer(f.Body), f.Body.Span,
            m => $"type error: the body of this function does not match its return type; {m.Describe()}");
        return DataType.Func([.. f.Params.Select((p, i) => new FuncParam(p.Name, parameters[i]))], result);
    }

    /// <summary>
    /// Records that <paramref name="expected"/> and <paramref name="actual"/> are one type; on a clash the error
    /// is <paramref name="describe"/>'s text at <paramref name="blame"/>.
    /// </summary>
    private void Require(DataType expected, DataType actual, SourceSpan blame, Func<TypeMismatch, string> describe)
    {
        try
        {
            _solver.Unify(expected, actual);
        }
        catch (TypeMismatch m)
        {
            throw new LangException(Phase.Unify, Readable(describe(m)), blame);
        }
    }

    /// <summary>Unknown parts of types are shown as <c>?</c>: their numbers mean nothing to users.</summary>
    private static string Readable(string message) => UnknownType().Replace(message, "?");

    internal string Show(DataType type) => Readable(TypeMismatch.Show(_solver.Resolve(type)));

    [GeneratedRegex(@"\?\d+")]
    private static partial Regex UnknownType();
}
