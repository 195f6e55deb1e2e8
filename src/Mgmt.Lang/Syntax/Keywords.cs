namespace Mgmt.Lang.Syntax;

/// <summary>The reserved words of mcl and their token kinds.</summary>
internal static class Keywords
{
    /// <summary>The token kind of a lowercase word: a keyword kind, or <see cref="TokenKind.Identifier"/>.</summary>
    public static TokenKind Lookup(string word) => word switch
    {
        "if" => TokenKind.If,
        "else" => TokenKind.Else,
        "for" => TokenKind.For,
        "forkv" => TokenKind.ForKV,
        "in" => TokenKind.In,
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        "true" or "false" => TokenKind.Bool,
        "func" => TokenKind.Func,
        "class" => TokenKind.Class,
        "include" => TokenKind.Include,
        "import" => TokenKind.Import,
        "as" => TokenKind.As,
        "panic" => TokenKind.Panic,
        "collect" => TokenKind.Collect,
        "bool" => TokenKind.BoolType,
        "str" => TokenKind.StrType,
        "int" => TokenKind.IntType,
        "float" => TokenKind.FloatType,
        "map" => TokenKind.MapType,
        "struct" => TokenKind.StructType,
        "variant" => TokenKind.VariantType,
        _ => TokenKind.Identifier,
    };
}
