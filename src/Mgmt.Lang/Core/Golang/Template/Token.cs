namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Bool,
    Char,
    Number,
    String,
    RawString,
    Field,
    Variable,
    Identifier,
    Dot,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Comma,
    Declare,
    Assign,
    Keyword,
    Eof,
}

/// <summary>One lexical item of a template: its kind, its text (literals still quoted) and where it starts.</summary>
internal sealed record Token(TokenKind Kind, string Text, Position Position, int Offset)
{
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.Text => "text",
        TokenKind.Space => "space",
        TokenKind.RightDelim => "}}",
        TokenKind.LeftDelim => "{{",
        _ => $"'{Text}'",
    };
}
