namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>A node of a parsed template. <see cref="Position"/> and <see cref="Source"/> locate it for errors.</summary>
internal abstract record Node(Position Position)
{
    /// <summary>The action text the node came from, shown in execution errors.</summary>
    public string Source { get; init; } = "";
}

/// <summary>A sequence of nodes: the body of a template or of a branch.</summary>
internal sealed record ListNode(Position Position, List<Node> Nodes) : Node(Position);

internal sealed record TextNode(Position Position, string Text) : Node(Position);

/// <summary>A <c>{{pipeline}}</c> whose value is printed (unless it declares variables).</summary>
internal sealed record ActionNode(Position Position, PipeNode Pipe) : Node(Position);

/// <summary><c>{{if}}</c>, <c>{{with}}</c> and <c>{{range}}</c>: a pipeline, a body and an optional else body.</summary>
internal sealed record BranchNode(Position Position, string Keyword, PipeNode Pipe, ListNode Body, ListNode? Else) : Node(Position);

internal sealed record BreakNode(Position Position) : Node(Position);

internal sealed record ContinueNode(Position Position) : Node(Position);

/// <summary><c>{{template "name" pipeline}}</c>.</summary>
internal sealed record TemplateCallNode(Position Position, string Name, PipeNode? Pipe) : Node(Position);

/// <summary>
/// A pipeline: optional variable declarations (<c>$x :=</c>) or assignment (<c>$x =</c>), then commands joined by
/// <c>|</c>, each receiving the previous command's value as its last argument.
/// </summary>
internal sealed record PipeNode(Position Position, List<string> Variables, bool IsAssign, List<CommandNode> Commands) : Node(Position);

/// <summary>One command of a pipeline: a function name or an operand, with arguments.</summary>
internal sealed record CommandNode(Position Position, List<Node> Args) : Node(Position);

/// <summary><c>.A.B</c>: fields of dot.</summary>
internal sealed record FieldNode(Position Position, List<string> Fields) : Node(Position);

/// <summary><c>$x.A.B</c>: a variable and optional fields.</summary>
internal sealed record VariableNode(Position Position, string Name, List<string> Fields) : Node(Position);

/// <summary>A term followed by fields: <c>(pipeline).A</c>.</summary>
internal sealed record ChainNode(Position Position, Node Term, List<string> Fields) : Node(Position);

internal sealed record IdentifierNode(Position Position, string Name) : Node(Position);

internal sealed record DotNode(Position Position) : Node(Position);

internal sealed record NilNode(Position Position) : Node(Position);

internal sealed record BoolNode(Position Position, bool Value) : Node(Position);

internal sealed record StringNode(Position Position, string Value) : Node(Position);

internal sealed record NumberNode(Position Position, NumberLiteral Value) : Node(Position);
