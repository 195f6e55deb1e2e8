namespace Mgmt.Cli.FrontEnds;

/// <summary>
/// A problem in the user's input with its place: printed as <c>FILE:LINE:COL: message</c>, or <c>FILE: message</c>
/// when it concerns the whole file. Lines and columns count from 1.
/// </summary>
public sealed record SourceDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>
    /// The problem as its front end shows it, when that is more than one line (mcl: <c>phase: message: /file @
    /// L:C-L:C</c>, then the source line with a caret underline). Printed instead of the one-line form.
    /// </summary>
    public string? Rendered { get; init; }

    /// <summary>
    /// This problem with the line it is on and a caret under its column, laid out as mcl errors are
    /// (<see cref="Mgmt.Lang.Diagnostics.ErrorRenderer"/>); unchanged when <paramref name="text"/> does not reach it.
    /// </summary>
    public SourceDiagnostic WithSource(string? text)
    {
        if (Rendered is not null || Line <= 0 || Column <= 0 || text is null) return this;
        var span = new Mgmt.Lang.Diagnostics.SourceSpan(File, Line, Column, Line, Column + 1);
        if (Mgmt.Lang.Diagnostics.ErrorRenderer.Highlight(span, text.Replace("\r\n", "\n", StringComparison.Ordinal)) is not { } snippet) return this;
        var lines = snippet.TrimEnd('\n').Split('\n').Select(l => "    " + l);
        return this with { Rendered = $"{File}:{Line}:{Column}: {Message}\n\n{string.Join('\n', lines)}" };
    }

    /// <summary>A problem with the file as a whole (missing, unreadable).</summary>
    public static SourceDiagnostic ForFile(string file, string message) => new(file, 0, 0, message);

    /// <summary>The problem on one line, without the source: <c>FILE:LINE:COL: message</c> or <c>FILE: message</c>.</summary>
    public string OneLine => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";

    public override string ToString() => Rendered ?? OneLine;
}
