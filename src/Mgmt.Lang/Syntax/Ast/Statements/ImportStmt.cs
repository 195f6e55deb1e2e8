namespace Mgmt.Lang.Syntax.Ast;

/// <summary>
/// <c>import "name" [as alias | as *]</c>: makes a core package (<c>"fmt"</c>), a local file
/// (<c>"x.mcl"</c>), a local module (<c>"dir/"</c>) or a remote module (<c>"git://..."</c>) available.
/// </summary>
public sealed class ImportStmt : Stmt
{
    /// <summary>The <see cref="Alias"/> that merges the imported scope into the current one.</summary>
    public const string MergeAlias = "*";

    /// <summary>The import path exactly as written between the quotes.</summary>
    public required string Name { get; set; }

    /// <summary>The alias after <c>as</c> (<see cref="MergeAlias"/> for <c>as *</c>), or null.</summary>
    public string? Alias { get; set; }

    public override IEnumerable<Node> Children => [];

    public override ImportStmt Clone() => new() { Name = Name, Alias = Alias, Span = Span };

    public override string ToString() => $"import({Name})";
}
