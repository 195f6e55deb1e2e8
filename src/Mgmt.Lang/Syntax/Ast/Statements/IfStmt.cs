namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>if cond { ... } [else { ... }]</c>: only the statements of the branch chosen by the current value of the
/// condition produce output. A <c>panic(...)</c> statement is parsed into one of these (see
/// <see cref="CallSugar.Panic"/>).
/// </summary>
public sealed class IfStmt : Stmt
{
    public required Expr Condition { get; set; }
    public required ProgramStmt Then { get; set; }
    public ProgramStmt? Else { get; set; }

    public override IEnumerable<Node> Children => Else is null ? [Condition, Then] : [Condition, Then, Else];

    public override IfStmt Clone() =>
        new() { Condition = Condition.Clone(), Then = Then.Clone(), Else = Else?.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Condition = rewrite(Condition);

    public override string ToString() => "if";
}
