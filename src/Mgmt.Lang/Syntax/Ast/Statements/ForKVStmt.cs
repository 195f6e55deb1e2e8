namespace Mgmt.Lang.Syntax.Ast;

/// <summary><c>forkv $key, $value in map { ... }</c>: the body is instantiated once per map entry.</summary>
public sealed class ForKVStmt : Stmt
{
    public required VarDecl Key { get; set; }
    public required VarDecl Value { get; set; }
    public required Expr Map { get; set; }
    public required ProgramStmt Body { get; set; }

    public override IEnumerable<Node> Children => [Key, Value, Map, Body];

    public override ForKVStmt Clone() =>
        new() { Key = Key.Clone(), Value = Value.Clone(), Map = Map.Clone(), Body = Body.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Map = rewrite(Map);

    public override string ToString() => "forkv";
}
