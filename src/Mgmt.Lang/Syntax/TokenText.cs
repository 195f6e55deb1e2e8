namespace Mgmt.Lang.Syntax;

/// <summary>How tokens are named in error messages.</summary>
internal static class TokenText
{
    /// <summary>The token as a user sees it: <c>'}'</c>, <c>end of line</c>, <c>name `foo`</c>...</summary>
    public static string Describe(Token t) => t.Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.String => $"string \"{Shorten(t.Text ?? "")}\"",
        TokenKind.Integer or TokenKind.Float => $"number {t.Text}",
        TokenKind.Bool => $"`{t.Text}`",
        TokenKind.Identifier => $"name `{t.Text}`",
        TokenKind.CapitalizedIdentifier => $"name `{Capitalize(t.Text ?? "")}`",
        TokenKind.Error => t.Text ?? "a lexical error",
        _ when Symbol(t.Kind) is { } s => $"'{s}'",
        _ => $"keyword `{t.Text}`",
    };

    /// <summary>The fixed spelling of punctuation and operator tokens, or null for other kinds.</summary>
    public static string? Symbol(TokenKind kind) => kind switch
    {
        TokenKind.LBrace => "{",
        TokenKind.RBrace => "}",
        TokenKind.LParen => "(",
        TokenKind.RParen => ")",
        TokenKind.LBracket => "[",
        TokenKind.RBracket => "]",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Semicolon => ";",
        TokenKind.Dot => ".",
        TokenKind.Dollar => "$",
        TokenKind.Equals => "=",
        TokenKind.Rocket => "=>",
        TokenKind.Arrow => "->",
        TokenKind.Elvis => "?:",
        TokenKind.Except => "<|>",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Multiply => "*",
        TokenKind.Divide => "/",
        TokenKind.Eq => "==",
        TokenKind.Neq => "!=",
        TokenKind.Lt => "<",
        TokenKind.Gt => ">",
        TokenKind.Lte => "<=",
        TokenKind.Gte => ">=",
        _ => null,
    };

    /// <summary><c>http:server</c> as written in an edge: <c>Http:Server</c>.</summary>
    public static string CapitalizeKind(string kind) => string.Join(':', kind.Split(':').Select(Capitalize));

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Shorten(string s)
    {
        var firstLine = s.Split('\n')[0];
        return firstLine.Length > 30 ? firstLine[..27] + "..." : firstLine.Length < s.Length ? firstLine + "..." : firstLine;
    }
}
