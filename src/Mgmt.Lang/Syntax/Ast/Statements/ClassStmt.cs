namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>class name[($a, $b T)] { ... }</c>: a reusable group of statements, instantiated by <c>include</c>.
/// A colon name (<c>class base:inner</c>) declares <c>inner</c> inside class <c>base</c>; the Interpolate
/// stage moves such classes into their parent and renames them, so later passes see plain names.
/// </summary>
public sealed class ClassStmt : Stmt
{
    public required string Name { get; set; }

    /// <summary>The parameters, or null when the class was declared without parentheses.</summary>
    public List<VarDecl>? Params { get; set; }

    public required ProgramStmt Body { get; set; }

    /// <summary>Parameters written one per line (kept for the formatter).</summary>
    public bool MultilineParams { get; set; }

    public override IEnumerable<Node> Children => (Params ?? []).Cast<Node>().Append(Body);

    public override ClassStmt Clone() => new()
    {
        Name = Name,
        Params = Params?.Select(p => p.Clone()).ToList(),
        Body = Body.Clone(),
        MultilineParams = MultilineParams,
        Span = Span,
    };

    public override string ToString() => $"class({Name})";
}
