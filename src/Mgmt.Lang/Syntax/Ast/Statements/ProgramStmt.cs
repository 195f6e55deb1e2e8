namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// A sequence of statements with its own scope: a whole file, an <c>if</c> branch, a <c>for</c>/<c>forkv</c>
/// body or a class body. Statement order does not matter to the language (later passes order them by
/// dependency); it is kept for messages and the formatter.
/// </summary>
public sealed class ProgramStmt : Stmt
{
    public required List<Stmt> Statements { get; set; }

    public override IEnumerable<Node> Children => Statements;

    public override ProgramStmt Clone() => new() { Statements = [.. Statements.Select(s => s.Clone())], Span = Span };

    public override string ToString() => $"prog(len={Statements.Count})";
}
