using Mgmt.Engine.Values;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A variable name being declared: a function or class parameter (<c>$x</c>, <c>$x str</c>) or a loop
/// variable of <c>for</c>/<c>forkv</c>. <see cref="Name"/> has no dollar sign; the span covers <c>$name</c>
/// (without the type).
/// </summary>
public sealed class VarDecl : Node
{
    public required string Name { get; set; }

    /// <summary>The declared type, when written.</summary>
    public DataType? Type { get; set; }

    public override IEnumerable<Node> Children => [];

    public override VarDecl Clone() => new() { Name = Name, Type = Type, Span = Span };

    public override string ToString() => Type is null ? $"${Name}" : $"${Name} {Type}";
}
