using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

internal sealed partial class Lowerer
{
    /// <summary>Lowers one expression in <paramref name="frame"/>, adding its nodes to <paramref name="scope"/>.</summary>
    public GraphNode Lower(Expr expr, Frame frame, GraphScope scope)
    {
        EnsureStack(expr);
        return expr switch
        {
            BoolExpr b => Constant(Value.Bool(b.Value), b, scope),
            IntExpr i => Constant(Value.Int(i.Value), i, scope),
            FloatExpr f => Constant(Value.Float(f.Value), f, scope),
            StrExpr s => Constant(Value.Str(s.Value), s, scope),
            ListExpr l => Composite(l, [.. l.Elements.Select(e => Lower(e, frame, scope))], scope),
            MapExpr m => Composite(m, [.. m.Entries.SelectMany(e => new[] { Lower(e.Key, frame, scope), Lower(e.Value, frame, scope) })], scope),
            StructExpr s => LowerStruct(s, frame, scope),
            VarExpr v => Resolve(Program.BindingOf(v), frame, v.Span),
            FuncExpr f => Graph.Add(new ConstantNode(new LambdaValue(f, frame, FuncTypeOf(f)), f.Span), scope),
            CallExpr c => LowerCall(c, frame, scope),
            IfExpr i => LowerIf(i, frame, scope),
            ExceptExpr e => LowerExcept(e, frame, scope),
            _ => throw Internal($"{expr} cannot be lowered (was the program interpolated?)", expr.Span),
        };
    }

    private ConstantNode Constant(Value value, Expr expr, GraphScope scope) => Graph.Add(new ConstantNode(value, expr.Span), scope);

    private CompositeNode Composite(Expr expr, GraphNode[] parts, GraphScope scope) =>
        Graph.Add(new CompositeNode(Program.TypeOf(expr), expr.Span, parts), scope);

    // A struct value lists its fields in the order of its type, whatever the order they were written in.
    private CompositeNode LowerStruct(StructExpr expr, Frame frame, GraphScope scope)
    {
        var type = Program.TypeOf(expr) as StructType ?? throw Internal("a struct literal without a struct type", expr.Span);
        var parts = new GraphNode[type.Fields.Count];
        foreach (var field in expr.Fields)
        {
            var index = type.IndexOf(field.Name);
            if (index < 0) throw Internal($"struct field {field.Name} is not in {type}", field.Span);
            parts[index] = Lower(field.Value, frame, scope);
        }
        if (parts.Any(p => p is null)) throw Internal($"a struct literal does not set every field of {type}", expr.Span);
        return Graph.Add(new CompositeNode(type, expr.Span, parts), scope);
    }

    private FuncType FuncTypeOf(Expr expr) =>
        Program.TypeOf(expr) as FuncType ?? throw Internal("a function without a function type", expr.Span);

    // A condition known when the graph is built picks its branch at once; otherwise the branch follows the value.
    private GraphNode LowerIf(IfExpr expr, Frame frame, GraphScope scope)
    {
        var condition = Lower(expr.Condition, frame, scope);
        if (condition is ConstantNode { Value: BoolValue b }) return Lower(b.V ? expr.Then : expr.Else, frame, scope);
        var driver = Graph.Add(new IfExprDriver(this, condition, expr, frame), scope);
        return AddOutput(driver, "exprIfSubgraphOutput", scope);
    }

    private GraphNode LowerExcept(ExceptExpr expr, Frame frame, GraphScope scope)
    {
        var primary = Lower(expr.Primary, frame, scope);
        if (primary is ConstantNode) return primary; // a constant never fails
        var driver = Graph.Add(new ExceptDriver(this, primary, expr, frame), scope);
        return AddOutput(driver, "exprExceptSubgraphOutput", scope);
    }

    /// <summary>Adds the output node of a dynamic node.</summary>
    private ForwardNode AddOutput(ForwardingDriver driver, string label, GraphScope scope)
    {
        driver.Output = Graph.Add(new ForwardNode(label, driver, driver.Span), scope);
        return driver.Output;
    }
}
