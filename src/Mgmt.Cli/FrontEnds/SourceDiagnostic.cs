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

    /// <summary>A problem with the file as a whole (missing, unreadable).</summary>
    public static SourceDiagnostic ForFile(string file, string message) => new(file, 0, 0, message);

    public override string ToString() =>
        Rendered ?? (Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}");
}
