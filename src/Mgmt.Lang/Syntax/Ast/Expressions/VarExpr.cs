namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A variable reference <c>$name</c>. <see cref="Name"/> has no dollar sign and may be dotted
/// (<c>mod.x</c>, <c>const.res.file.state.exists</c>) for names reached through an import or an include.
/// </summary>
public sealed class VarExpr : Expr
{
    public required string Name { get; set; }

    public override IEnumerable<Node> Children => [];

    public override VarExpr Clone() => new() { Name = Name, Span = Span };

    public override string ToString() => $"var({Name})";
}
