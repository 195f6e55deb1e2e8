namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>Kind1[n1] -> Kind2[n2] -> ...</c>: a chain of edges, or with send/recv keys
/// (<c>Kind1[n1].key -> Kind2[n2].param</c>, exactly two halves) a value flow between two resources.
/// </summary>
public sealed class EdgeStmt : Stmt
{
    public required List<EdgeHalf> Halves { get; set; }

    /// <summary>Both halves name a send/recv key.</summary>
    public bool IsSendRecv => Halves.Count == 2 && Halves.All(h => h.SendRecv is not null);

    public override IEnumerable<Node> Children => Halves;

    public override EdgeStmt Clone() => new() { Halves = [.. Halves.Select(h => h.Clone())], Span = Span };

    public override string ToString() => $"edge(len={Halves.Count})";
}
