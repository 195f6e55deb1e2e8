using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax;

/// <summary>The result of parsing one file: its syntax tree and its comments (for the formatter).</summary>
public sealed class ParsedFile
{
    public required SourceFile Source { get; init; }

    /// <summary>The top-level statements of the file.</summary>
    public required ProgramStmt Program { get; init; }

    /// <summary>Every <c>#</c> comment, in source order; they are not part of the tree.</summary>
    public required IReadOnlyList<SourceComment> Comments { get; init; }
}
