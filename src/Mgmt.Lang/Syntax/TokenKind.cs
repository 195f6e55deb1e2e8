namespace Mgmt.Lang.Syntax;

/// <summary>The kinds of lexical tokens of mcl.</summary>
public enum TokenKind
{
    EndOfFile,

    /// <summary>A lexical mistake (the message is in <see cref="Token.Text"/>); lexing stops there.</summary>
    Error,

    Newline,

    // Brackets and punctuation.
    LBrace, RBrace, LParen, RParen, LBracket, RBracket,
    Comma, Colon, Semicolon, Dot, Dollar, Equals,
    Rocket,     // =>
    Arrow,      // ->
    Elvis,      // ?:
    Except,     // <|>

    // Operators.
    Plus, Minus, Multiply, Divide,
    Eq, Neq, Lt, Gt, Lte, Gte,
    And, Or, Not, In,

    // Literals and names.
    Bool, String, Integer, Float,
    Identifier,
    CapitalizedIdentifier,

    // Keywords.
    If, Else, For, ForKV, Func, Class, Include, Import, As, Panic, Collect,
    BoolType, StrType, IntType, FloatType, MapType, StructType, VariantType,
}
