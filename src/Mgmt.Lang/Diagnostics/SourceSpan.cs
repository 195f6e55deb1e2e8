namespace Mgmt.Lang.Diagnostics;

/// <summary>
/// A range of source text: 1-based line and column of the first character and of the position just after
/// the last one (columns count characters; a tab counts as one). Printed as <c>/main.mcl @ 3:11-3:17</c>.
/// </summary>
public readonly record struct SourceSpan(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static readonly SourceSpan None = new("", 0, 0, 0, 0);

    public bool IsNone => StartLine == 0;

    /// <summary>The smallest span covering both (they must be in one file).</summary>
    public SourceSpan To(SourceSpan end) =>
        IsNone ? end : end.IsNone ? this : new(File, StartLine, StartColumn, end.EndLine, end.EndColumn);

    public override string ToString() => $"{File} @ {StartLine}:{StartColumn}-{EndLine}:{EndColumn}";
}
