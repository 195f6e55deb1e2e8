using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

internal sealed partial class Lowerer
{
    private GraphNode LowerCall(CallExpr call, Frame frame, GraphScope scope)
    {
        var target = Program.TargetOf(call);
        var args = call.Args.Select(a => Lower(a, frame, scope)).ToArray();
        switch (target)
        {
            case BuiltinCall builtin:
                var label = call.Name.Contains('.') ? $"{builtin.Function.Name}: {builtin.Type}" : builtin.Function.Name;
                return AddBuiltin(builtin.Function, builtin.Type, label, args, scope, call.Span);

            case FuncStmtCall named:
                // A func statement is polymorphic: this call site has its own typed copy, built right here.
                return Lower(named.Instance.Body, new CallFrame(named.Instance, args, frame, scope), scope);

            case ValueCall value:
                var callee = call.Lambda is not null && value.Callee is ExprBinding e && ReferenceEquals(e.Value, call.Lambda)
                    ? Lower(call.Lambda, frame, scope)
                    : Resolve(value.Callee, frame, call.Span);
                // A function known when the graph is built is built in place, like the reference's speculation.
                if (callee is ConstantNode { Value: FuncValue known })
                {
                    return known.Instantiate(new SubgraphContext(this, scope), args, call.Span);
                }
                var driver = Graph.Add(new CallDriver(this, callee, args, call.Span), scope);
                return AddOutput(driver, "callSubgraphOutput", scope);

            default:
                throw Internal($"unknown call target {target}", call.Span);
        }
    }

    /// <summary>Adds the node of one call of a built-in function.</summary>
    public GraphNode AddBuiltin(BuiltinFunction function, FuncType type, string label, GraphNode[] args, GraphScope scope, SourceSpan span)
    {
        var node = function.Create(type);
        try
        {
            node.Init(contextFor?.Invoke(span.File) ?? Graph.Context);
        }
        catch (FunctionException e)
        {
            throw new FunctionGraphException(e.Message, span, e);
        }
        switch (node)
        {
            case PureFunctionNode pure:
                return Graph.Add(new CallNode(label, pure, type, span, args), scope);
            case StreamFunctionNode stream:
                return Graph.Add(new StreamCallNode(label, stream, type, span, args), scope);
            case SubgraphFunctionNode shaping:
                var driver = Graph.Add(new IterDriver(this, label, shaping, type, args, span), scope);
                return AddOutput(driver, label + "Output", scope);
            default:
                throw Internal($"function {function.Name} made a node of unknown kind {node.GetType().Name}", span);
        }
    }
}
