namespace Mgmt.Lang.Syntax;

/// <summary>
/// One token: its kind, where it starts (1-based line and column, columns counting characters) and where
/// it ends (exclusive), and its value. <see cref="Text"/> is the identifier (lowercased for capitalized
/// ones), the raw string between quotes, the number as written, or an error message.
/// </summary>
public readonly record struct Token(
    TokenKind Kind,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string? Text = null,
    long IntValue = 0,
    double FloatValue = 0);
