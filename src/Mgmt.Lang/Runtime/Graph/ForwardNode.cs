using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// The output of a dynamic node: holds the state of whatever node currently computes the result (the body of the
/// called function, the active branch, the fallback of a <c>&lt;|&gt;</c>). Downstream nodes read this one, so
/// they never see the sub-graph being replaced. It also reads its owner, only to be computed after it.
/// </summary>
internal sealed class ForwardNode(string label, GraphNode owner, SourceSpan span) : GraphNode(span, owner)
{
    public GraphNode? Source { get; internal set; }

    public override string Label => label;

    public override string InputName(int index) => "dummy";

    internal override NodeState Compute(FunctionGraph graph) =>
        Source is { IsLive: true } s ? s.State : NodeState.Empty;
}
