namespace Mgmt.Lang.Syntax.Ast;

/// <summary><c>for $index, $value in list { ... }</c>: the body is instantiated once per list element.</summary>
public sealed class ForStmt : Stmt
{
    public required VarDecl Index { get; set; }
    public required VarDecl Value { get; set; }
    public required Expr List { get; set; }
    public required ProgramStmt Body { get; set; }

    public override IEnumerable<Node> Children => [Index, Value, List, Body];

    public override ForStmt Clone() =>
        new() { Index = Index.Clone(), Value = Value.Clone(), List = List.Clone(), Body = Body.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => List = rewrite(List);

    public override string ToString() => "for";
}
