using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax;

// Resources, their bodies, and edges.
internal sealed partial class Parser
{
    private ResourceStmt ParseCollect()
    {
        var collectToken = Advance();
        if (!At(TokenKind.Identifier)) throw Unexpected("the resource kind after `collect`, as in `collect file \"/tmp/x\" {}`");
        return ParseResource(collectToken, isCollect: true);
    }

    /// <summary><c>kind name { entries }</c>; the current token is the kind, <paramref name="start"/> begins the span.</summary>
    private ResourceStmt ParseResource(Token start, bool isCollect)
    {
        var kind = ParseColonName("a resource kind");
        var name = ParseExpr();
        var open = Expect(TokenKind.LBrace, $"'{{' to start the body of the `{kind}` resource");
        var entries = new List<ResourceEntry>();
        while (true)
        {
            if (Accept(TokenKind.Newline)) continue;
            if (At(TokenKind.RBrace)) break;
            if (At(TokenKind.EndOfFile)) throw UnclosedBrace(open, $"body of the `{kind}` resource");
            if (At(TokenKind.Identifier)) entries.Add(ParseFieldEntry());
            else if (At(TokenKind.CapitalizedIdentifier)) entries.Add(ParseCapitalizedEntry());
            else throw Unexpected("a parameter (`name => value,`), an edge (`Before => Kind[\"name\"],`), " +
                "a meta parameter (`Meta:name => value,`) or '}' to end the resource body");
        }
        var close = Advance();
        return new ResourceStmt { Kind = kind, Name = name, Entries = entries, IsCollect = isCollect, Span = SpanOf(start, close) };
    }

    private const string EntryComma = "',' at the end of this line of the resource body (every entry ends with a comma)";

    /// <summary><c>param => value,</c> or <c>param => condition ?: value,</c>.</summary>
    private ResourceFieldEntry ParseFieldEntry()
    {
        var nameToken = Advance();
        Expect(TokenKind.Rocket, $"'=>' after the parameter name `{nameToken.Text}`");
        var (value, condition) = ParseValueWithCondition();
        var comma = Expect(TokenKind.Comma, EntryComma);
        return new ResourceFieldEntry { Field = nameToken.Text!, Value = value, Condition = condition, Span = SpanOf(nameToken, comma) };
    }

    /// <summary>
    /// A line starting with a capitalized word: <c>Meta:name => v,</c>, <c>Meta => struct{...},</c>, or an edge
    /// property <c>Before => Kind[name],</c>; each may be guarded by <c>condition ?:</c>.
    /// </summary>
    private ResourceEntry ParseCapitalizedEntry()
    {
        var word = Advance();
        var display = TokenText.Capitalize(word.Text!);
        var isMeta = word.Text == ResourceMetaEntry.WholeStruct;
        if (Accept(TokenKind.Colon))
        {
            var property = Expect(TokenKind.Identifier, $"a meta parameter name after '{display}:'");
            Expect(TokenKind.Rocket, $"'=>' after `{display}:{property.Text}`");
            var (metaValue, metaCondition) = ParseValueWithCondition();
            var metaComma = Expect(TokenKind.Comma, EntryComma);
            if (!isMeta) RecordError(word, $"`{display}:{property.Text}` is not a resource entry: only meta parameters use the `Meta:name` form");
            return new ResourceMetaEntry
            {
                Property = property.Text!, Value = metaValue, Condition = metaCondition, Span = SpanOf(word, metaComma),
            };
        }

        Expect(TokenKind.Rocket, $"'=>' after `{display}` (or ':' and a meta parameter name)");
        if (At(TokenKind.CapitalizedIdentifier))
        {
            var target = ParseEdgeHalf();
            var edgeComma = Expect(TokenKind.Comma, EntryComma);
            return new ResourceEdgeEntry { Property = word.Text!, Target = target, Span = SpanOf(word, edgeComma) };
        }
        var first = ParseExpr();
        Expr? condition = null;
        var value = first;
        if (Accept(TokenKind.Elvis))
        {
            condition = first;
            if (At(TokenKind.CapitalizedIdentifier))
            {
                var target = ParseEdgeHalf();
                var edgeComma = Expect(TokenKind.Comma, EntryComma);
                return new ResourceEdgeEntry
                {
                    Property = word.Text!, Target = target, Condition = condition, Span = SpanOf(word, edgeComma),
                };
            }
            value = ParseExpr();
        }
        var comma = Expect(TokenKind.Comma, EntryComma);
        if (!isMeta)
        {
            RecordError(word, $"`{display} => ...` must name a resource (`{display} => Kind[\"name\"],`); only `Meta` takes a value here");
        }
        return new ResourceMetaEntry
        {
            Property = ResourceMetaEntry.WholeStruct, Value = value, Condition = condition, Span = SpanOf(word, comma),
        };
    }

    /// <summary><c>value</c> or <c>condition ?: value</c>.</summary>
    private (Expr Value, Expr? Condition) ParseValueWithCondition()
    {
        var value = ParseExpr();
        if (!Accept(TokenKind.Elvis)) return (value, null);
        return (ParseExpr(), value);
    }

    /// <summary>
    /// <c>A[n] -> B[n] -> ...</c>, or exactly two halves with keys: <c>A[n].send -> B[n].recv</c>.
    /// </summary>
    private EdgeStmt ParseEdge()
    {
        var first = ParseEdgeHalf();
        if (At(TokenKind.Dot))
        {
            AddSendRecvKey(first, "the name of the value to send after '.'");
            Expect(TokenKind.Arrow, "'->' after the send key (a send/recv edge is `Kind1[\"a\"].key -> Kind2[\"b\"].param`)");
            var second = ParseEdgeHalf();
            if (!At(TokenKind.Dot)) throw Unexpected("'.' and the receiving parameter: both ends of a send/recv edge name a key");
            AddSendRecvKey(second, "the name of the receiving parameter after '.'");
            return new EdgeStmt { Halves = [first, second], Span = SpanOf(first, second) };
        }
        var halves = new List<EdgeHalf> { first };
        while (Accept(TokenKind.Arrow)) halves.Add(ParseEdgeHalf());
        return new EdgeStmt { Halves = halves, Span = SpanOf(first, halves[^1]) };
    }

    private void AddSendRecvKey(EdgeHalf half, string expectation)
    {
        Advance(); // the dot
        var key = Expect(TokenKind.Identifier, expectation);
        half.SendRecv = key.Text;
        half.Span = SpanOf(half, key);
    }

    /// <summary><c>Kind[name]</c> with a capitalized, possibly colon-separated kind (<c>Http:Server</c>).</summary>
    private EdgeHalf ParseEdgeHalf()
    {
        var start = Expect(TokenKind.CapitalizedIdentifier, "a resource reference such as `File[\"/tmp/x\"]`");
        var kind = start.Text!;
        while (At(TokenKind.Colon))
        {
            Advance();
            kind += ":" + Expect(TokenKind.CapitalizedIdentifier, $"a capitalized kind name after ':' in `{TokenText.CapitalizeKind(kind)}:`").Text;
        }
        Expect(TokenKind.LBracket, $"'[' and the resource name after `{TokenText.CapitalizeKind(kind)}`, as in `{TokenText.CapitalizeKind(kind)}[\"name\"]`");
        var name = ParseExpr();
        var close = Expect(TokenKind.RBracket, "']' after the resource name");
        return new EdgeHalf { Kind = kind, Name = name, Span = SpanOf(start, close) };
    }
}
