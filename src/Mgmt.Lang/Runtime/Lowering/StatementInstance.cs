using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>An output-producing statement of one <see cref="ProgramFrame"/>, with the nodes the interpreter reads.</summary>
internal abstract class StatementInstance;

/// <summary>
/// A resource statement: its name node, and one entry instance per line of its body. A <c>collect</c> statement
/// also has the node of the exported resources it may take (<c>_collect</c> of its kind).
/// </summary>
internal sealed class ResourceInstance(ResourceStmt statement, GraphNode name, IReadOnlyList<EntryInstance> entries, GraphNode? collected = null)
    : StatementInstance
{
    public ResourceStmt Statement { get; } = statement;
    public GraphNode Name { get; } = name;
    public IReadOnlyList<EntryInstance> Entries { get; } = entries;

    /// <summary>For <c>collect</c>: the exported resources of the statement's kind (<c>[]struct{name; host; data}</c>).</summary>
    public GraphNode? Collected { get; } = collected;

    /// <summary>What the interpreter made of this instance last time, to hand out the same objects again.</summary>
    public Interpret.ResourceMemo Memo { get; } = new();
}

/// <summary>
/// One line of a resource body: the node of its elvis condition (if any) and of its value (for an edge line, the
/// node of the target's name).
/// </summary>
internal sealed record EntryInstance(ResourceEntry Entry, GraphNode? Condition, GraphNode Value);

/// <summary>An edge statement: the name node of each half.</summary>
internal sealed class EdgeInstance(EdgeStmt statement, IReadOnlyList<GraphNode> names) : StatementInstance
{
    public EdgeStmt Statement { get; } = statement;
    public IReadOnlyList<GraphNode> Names { get; } = names;
}

/// <summary>An <c>if</c> statement: its driver knows the active branch.</summary>
internal sealed class IfInstance(IfStmtDriver driver) : StatementInstance
{
    public IfStmtDriver Driver { get; } = driver;
}

/// <summary>A <c>for</c> or <c>forkv</c> statement: its driver knows the iterations.</summary>
internal sealed class LoopInstance(LoopDriver driver) : StatementInstance
{
    public LoopDriver Driver { get; } = driver;
}

/// <summary>An <c>include</c>: the class instance's frame.</summary>
internal sealed class IncludeInstance(ProgramFrame frame) : StatementInstance
{
    public ProgramFrame Frame { get; } = frame;
}
