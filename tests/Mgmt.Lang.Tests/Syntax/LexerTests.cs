using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class LexerTests
{
    private static List<Token> Lex(string text) => Lexer.Tokenize(new SourceFile("/t.mcl", text)).Tokens;

    private static List<TokenKind> Kinds(string text) => Lex(text).Select(t => t.Kind).ToList();

    [Fact]
    public void Newlines_are_tokens_while_spaces_and_tabs_are_skipped()
    {
        Assert.Equal([TokenKind.Dollar, TokenKind.Identifier, TokenKind.Equals, TokenKind.Integer, TokenKind.Newline,
            TokenKind.Newline, TokenKind.EndOfFile], Kinds("$x \t= 1\n\n"));
    }

    [Fact]
    public void Comments_are_collected_apart_and_leave_the_newline()
    {
        var (tokens, comments) = Lexer.Tokenize(new SourceFile("/t.mcl", "$x = 1 # one\n# alone\n"));
        Assert.Equal([TokenKind.Dollar, TokenKind.Identifier, TokenKind.Equals, TokenKind.Integer, TokenKind.Newline,
            TokenKind.Newline, TokenKind.EndOfFile], tokens.Select(t => t.Kind));
        Assert.Equal([" one", " alone"], comments.Select(c => c.Text));
        Assert.Equal("/t.mcl @ 1:8-1:13", comments[0].Span.ToString());
        Assert.Equal("/t.mcl @ 2:1-2:8", comments[1].Span.ToString());
    }

    [Theory]
    [InlineData("=>", TokenKind.Rocket)]
    [InlineData("->", TokenKind.Arrow)]
    [InlineData("?:", TokenKind.Elvis)]
    [InlineData("<|>", TokenKind.Except)]
    [InlineData("==", TokenKind.Eq)]
    [InlineData("!=", TokenKind.Neq)]
    [InlineData("<=", TokenKind.Lte)]
    [InlineData(">=", TokenKind.Gte)]
    [InlineData("<", TokenKind.Lt)]
    [InlineData(">", TokenKind.Gt)]
    [InlineData("=", TokenKind.Equals)]
    [InlineData("-", TokenKind.Minus)]
    [InlineData("*", TokenKind.Multiply)]
    [InlineData("/", TokenKind.Divide)]
    [InlineData(";", TokenKind.Semicolon)]
    [InlineData(":", TokenKind.Colon)]
    public void Operators_and_punctuation(string text, TokenKind kind)
    {
        Assert.Equal([kind, TokenKind.EndOfFile], Kinds(text));
    }

    [Theory]
    [InlineData("if", TokenKind.If)]
    [InlineData("else", TokenKind.Else)]
    [InlineData("for", TokenKind.For)]
    [InlineData("forkv", TokenKind.ForKV)]
    [InlineData("in", TokenKind.In)]
    [InlineData("and", TokenKind.And)]
    [InlineData("or", TokenKind.Or)]
    [InlineData("not", TokenKind.Not)]
    [InlineData("func", TokenKind.Func)]
    [InlineData("class", TokenKind.Class)]
    [InlineData("include", TokenKind.Include)]
    [InlineData("import", TokenKind.Import)]
    [InlineData("as", TokenKind.As)]
    [InlineData("panic", TokenKind.Panic)]
    [InlineData("collect", TokenKind.Collect)]
    [InlineData("map", TokenKind.MapType)]
    [InlineData("struct", TokenKind.StructType)]
    [InlineData("variant", TokenKind.VariantType)]
    [InlineData("true", TokenKind.Bool)]
    [InlineData("index", TokenKind.Identifier)]
    [InlineData("int8", TokenKind.Identifier)]
    [InlineData("iffy", TokenKind.Identifier)]
    public void Keywords_are_whole_words_only(string text, TokenKind kind)
    {
        Assert.Equal([kind, TokenKind.EndOfFile], Kinds(text));
    }

    [Fact]
    public void A_name_never_ends_with_an_underscore()
    {
        var tokens = Lex("foo_bar foo_");
        Assert.Equal("foo_bar", tokens[0].Text);
        Assert.Equal("foo", tokens[1].Text);
        Assert.Equal(TokenKind.Error, tokens[2].Kind); // the lone `_` cannot start a token
        Assert.Equal((1, 12), (tokens[2].Line, tokens[2].Column));
    }

    [Fact]
    public void Capitalized_names_are_lowercased()
    {
        var tokens = Lex("Http:Server Meta");
        Assert.Equal([TokenKind.CapitalizedIdentifier, TokenKind.Colon, TokenKind.CapitalizedIdentifier, TokenKind.CapitalizedIdentifier],
            tokens.Take(4).Select(t => t.Kind));
        Assert.Equal(["http", ":", "server", "meta"], tokens.Take(4).Select(t => t.Text ?? ":"));
    }

    [Fact]
    public void Numbers_include_their_minus_sign_and_floats_need_digits_after_the_dot()
    {
        var tokens = Lex("42 -7 3.25 -0.5 1.");
        Assert.Equal(42, tokens[0].IntValue);
        Assert.Equal(-7, tokens[1].IntValue);
        Assert.Equal(3.25, tokens[2].FloatValue);
        Assert.Equal(-0.5, tokens[3].FloatValue);
        Assert.Equal([TokenKind.Integer, TokenKind.Dot], tokens.Skip(4).Take(2).Select(t => t.Kind));
    }

    [Fact]
    public void A_minus_sign_before_a_digit_makes_a_negative_literal_even_after_a_value()
    {
        // As in the reference: `$a -1` is `$a` followed by the literal -1; subtraction needs `$a - 1`.
        Assert.Equal([TokenKind.Dollar, TokenKind.Identifier, TokenKind.Integer, TokenKind.EndOfFile], Kinds("$a -1"));
        Assert.Equal([TokenKind.Dollar, TokenKind.Identifier, TokenKind.Minus, TokenKind.Integer, TokenKind.EndOfFile], Kinds("$a - 1"));
    }

    [Fact]
    public void The_largest_and_smallest_int64_are_fine()
    {
        var tokens = Lex("9223372036854775807 -9223372036854775808");
        Assert.Equal(long.MaxValue, tokens[0].IntValue);
        Assert.Equal(long.MinValue, tokens[1].IntValue);
    }

    [Theory]
    [InlineData("$x = 9223372036854775808\n")]
    [InlineData("$x = -9223372036854775809\n")]
    [InlineData("$x = 18446744073709551615\n")]
    public void Integer_overflow_is_a_lexparse_error_at_the_literal(string text)
    {
        var error = Mcl.FailsAt(text, Phase.LexParse, "1:6-1:7");
        Assert.Contains("64-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_keep_their_raw_text_and_may_span_lines()
    {
        var tokens = Lex("\"a\\n\\\"b\\\"\" \"two\nlines\"");
        Assert.Equal("a\\n\\\"b\\\"", tokens[0].Text); // escapes are decoded later, by Interpolate
        Assert.Equal("two\nlines", tokens[1].Text);
        Assert.Equal((1, 12, 2, 7), (tokens[1].Line, tokens[1].Column, tokens[1].EndLine, tokens[1].EndColumn));
    }

    [Fact]
    public void An_unclosed_string_is_an_error_at_its_opening_quote()
    {
        var error = Mcl.FailsAt("$x = \"abc\n", Phase.LexParse, "1:6-1:7");
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Carriage_returns_are_rejected()
    {
        var error = Mcl.FailsAt("$x = 1\r\n", Phase.LexParse, "1:7-1:8");
        Assert.Contains("\\r", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$x = 1 @ 2\n", "1:8-1:9")]
    [InlineData("$x = a || b\n", "1:8-1:9")]
    [InlineData("$x = !$y\n", "1:6-1:7")]
    [InlineData("$x = $y ? 1\n", "1:9-1:10")]
    public void Unknown_characters_are_errors_at_their_position(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Fact]
    public void Columns_count_characters_so_tabs_and_wide_characters_are_one()
    {
        var tokens = Lex("\t\"😀é\" $x");
        Assert.Equal((1, 2, 1, 6), (tokens[0].Line, tokens[0].Column, tokens[0].EndLine, tokens[0].EndColumn));
        Assert.Equal(7, tokens[1].Column);
    }

    [Fact]
    public void A_syntax_error_before_a_lexical_error_wins()
    {
        // The reference lexes on demand, so the parser stops at `)` before it ever sees the bad character.
        Mcl.FailsAt("$x = )\n$y = @\n", Phase.LexParse, "1:6-1:7");
        // ...but once parsing reaches the bad input, the lexical error is the one reported.
        Mcl.FailsAt("$x = 1\n$y = @\n", Phase.LexParse, "2:6-2:7");
    }
}
