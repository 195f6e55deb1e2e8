using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax;

// Comma-separated items between brackets: lists, maps, struct values, call arguments, parameters, and the
// parameter types of function types.
internal sealed partial class Parser
{
    /// <summary>
    /// Parses the items after an opening bracket that was just consumed, up to and including the closing
    /// token. Two layouts exist, as in the reference:
    /// <list type="bullet">
    /// <item>single line: <c>[a, b, c]</c>, no comma before the closing bracket;</item>
    /// <item>multi-line: a line break right after the opening bracket, then each item on its own line
    /// ending with a comma (blank lines allowed), the closing bracket on its own line.</item>
    /// </list>
    /// </summary>
    private (List<T> Items, bool Multiline, Token Close) ParseDelimited<T>(TokenKind close, Func<T> parseItem, string itemName)
    {
        var open = Previous.Kind;
        var closeText = TokenText.Symbol(close);
        var items = new List<T>();
        if (Accept(TokenKind.Newline))
        {
            while (true)
            {
                if (Accept(TokenKind.Newline)) continue;
                if (At(close)) return (items, true, Advance());
                items.Add(parseItem());
                Expect(TokenKind.Comma, $"',' after this {itemName}: when they are written one per line, every line ends with a comma");
                Expect(TokenKind.Newline, $"a line break after ',': when a line break follows '{TokenText.Symbol(open)}', each {itemName} goes on its own line");
            }
        }
        if (At(close)) return (items, false, Advance());
        while (true)
        {
            items.Add(parseItem());
            if (Accept(TokenKind.Comma))
            {
                if (At(close))
                {
                    throw ErrorAt(Current,
                        $"unexpected '{closeText}' after ',': on a single line there is no comma after the last {itemName} " +
                        $"(a trailing comma is only used when each {itemName} is on its own line)");
                }
                continue;
            }
            if (At(close)) return (items, false, Advance());
            throw Unexpected($"',' or '{closeText}' after this {itemName}");
        }
    }

    private ListExpr ParseList()
    {
        var open = Advance();
        var (elements, multiline, close) = ParseDelimited(TokenKind.RBracket, ParseExpr, "list element");
        return new ListExpr { Elements = elements, Multiline = multiline, Span = SpanOf(open, close) };
    }

    private MapExpr ParseMap()
    {
        var open = Advance();
        var (entries, multiline, close) = ParseDelimited(TokenKind.RBrace, ParseMapEntry, "map entry");
        return new MapExpr { Entries = entries, Multiline = multiline, Span = SpanOf(open, close) };
    }

    private MapEntry ParseMapEntry()
    {
        var key = ParseExpr();
        Expect(TokenKind.Rocket, "'=>' between the map key and its value, as in `{\"key\" => \"value\"}`");
        var value = ParseExpr();
        return new MapEntry { Key = key, Value = value, Span = SpanOf(key, value) };
    }

    private StructExpr ParseStruct()
    {
        var structToken = Advance();
        Expect(TokenKind.LBrace, "'{' after `struct`, as in `struct{name => \"x\"}`");
        var (fields, multiline, close) = ParseDelimited(TokenKind.RBrace, ParseStructField, "struct field");
        return new StructExpr { Fields = fields, Multiline = multiline, Span = SpanOf(structToken, close) };
    }

    private StructFieldValue ParseStructField()
    {
        var name = Expect(TokenKind.Identifier, "a struct field name");
        Expect(TokenKind.Rocket, $"'=>' after the field name `{name.Text}`");
        var value = ParseExpr();
        return new StructFieldValue { Name = name.Text!, Value = value, Span = SpanOf(name, value) };
    }
}
