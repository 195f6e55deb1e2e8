using Mgmt.Engine.Values;

namespace Mgmt.Lang.Syntax.Ast;

/// <summary><c>$name = value</c> or <c>$name T = value</c>: binds a variable in the enclosing scope.</summary>
public sealed class BindStmt : Stmt
{
    /// <summary>The variable name, without the dollar sign.</summary>
    public required string Name { get; set; }

    /// <summary>The declared type, when written.</summary>
    public DataType? Type { get; set; }

    public required Expr Value { get; set; }

    public override IEnumerable<Node> Children => [Value];

    public override BindStmt Clone() => new() { Name = Name, Type = Type, Value = Value.Clone(), Span = Span };

    public override void RewriteExpressions(Func<Expr, Expr> rewrite) => Value = rewrite(Value);

    public override string ToString() => $"bind({Name})";
}
