using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// Parses template text into a set of named templates (the main one, plus any <c>{{define}}</c>d), following the
/// grammar of Go's text/template.
/// </summary>
internal sealed class TemplateParser
{
    /// <summary>The name of the template made from the whole text.</summary>
    public const string MainName = "template";

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Dictionary<string, ListNode> _templates = new(StringComparer.Ordinal);
    private int _index;
    private int _rangeDepth;

    private TemplateParser(string text)
    {
        _text = text;
        _tokens = TemplateLexer.Lex(text);
    }

    public static IReadOnlyDictionary<string, ListNode> Parse(string text)
    {
        var parser = new TemplateParser(text);
        var (main, end) = parser.ParseList(topLevel: true);
        if (end is not null) throw TemplateException.At(end.Position, $"unexpected {{{{{end.Text}}}}}");
        // A {{define}} of the main name replaces the text outside definitions, as in Go when that text is empty.
        if (!parser._templates.ContainsKey(MainName) || main.Nodes.Any(n => n is not TextNode t || t.Text.Trim().Length > 0))
        {
            parser._templates[MainName] = main;
        }
        return parser._templates;
    }

    private Token Peek() => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private Token PeekNonSpace()
    {
        while (Peek().Kind == TokenKind.Space) _index++;
        return Peek();
    }

    private Token NextNonSpace()
    {
        PeekNonSpace();
        return Next();
    }

    private Token Expect(TokenKind kind, string context)
    {
        var t = NextNonSpace();
        if (t.Kind != kind) throw TemplateException.At(t.Position, $"unexpected {t} in {context}");
        return t;
    }

    /// <summary>Parses nodes until {{end}}, {{else}} or the end; returns the keyword token that stopped it, or null at the end.</summary>
    private (ListNode List, Token? End) ParseList(bool topLevel)
    {
        var start = Peek().Position;
        var nodes = new List<Node>();
        while (true)
        {
            var t = Peek();
            switch (t.Kind)
            {
                case TokenKind.Eof:
                    return (new ListNode(start, nodes), null);
                case TokenKind.Text:
                    Next();
                    nodes.Add(new TextNode(t.Position, t.Text));
                    continue;
                case TokenKind.LeftDelim:
                    var open = Next();
                    var keyword = PeekNonSpace();
                    if (keyword.Kind == TokenKind.Keyword && keyword.Text is "end" or "else")
                    {
                        Next();
                        return (new ListNode(start, nodes), keyword);
                    }
                    if (ParseAction(open, topLevel) is { } node) nodes.Add(node);
                    continue;
                default:
                    throw TemplateException.At(t.Position, $"unexpected {t}");
            }
        }
    }

    private bool _inDefine;

    private Node? ParseAction(Token open, bool topLevel)
    {
        var t = PeekNonSpace();
        if (t.Kind == TokenKind.Keyword)
        {
            Next();
            switch (t.Text)
            {
                case "if" or "with":
                    return ParseBranch(open, t.Text);
                case "range":
                    _rangeDepth++;
                    try
                    {
                        return ParseBranch(open, "range");
                    }
                    finally
                    {
                        _rangeDepth--;
                    }
                case "break" or "continue":
                    if (_rangeDepth == 0) throw TemplateException.At(t.Position, $"{{{{{t.Text}}}}} outside {{{{range}}}}");
                    Expect(TokenKind.RightDelim, t.Text);
                    return t.Text == "break" ? new BreakNode(t.Position) : new ContinueNode(t.Position);
                case "template":
                    return ParseTemplateCall(open);
                case "define":
                    if (!topLevel || _inDefine) throw TemplateException.At(t.Position, "{{define}} is only allowed at the top level");
                    ParseDefine(open, block: null);
                    return null;
                case "block":
                    return ParseBlock(open);
                default:
                    throw TemplateException.At(t.Position, $"unexpected {{{{{t.Text}}}}}");
            }
        }
        var pipe = ParsePipeline("command", TokenKind.RightDelim, allowTwoVariables: false);
        return new ActionNode(open.Position, pipe) { Source = SourceFrom(open) };
    }

    private BranchNode ParseBranch(Token open, string keyword)
    {
        var pipe = ParsePipeline(keyword, TokenKind.RightDelim, allowTwoVariables: keyword == "range");
        var source = SourceFrom(open);
        var (body, end) = ParseList(topLevel: false);
        if (end is null) throw TemplateException.At(open.Position, $"{{{{{keyword}}}}} has no matching {{{{end}}}}");
        ListNode? elseList = null;
        if (end.Text == "else")
        {
            var next = PeekNonSpace();
            if (next.Kind == TokenKind.Keyword && next.Text is "if" or "with" && keyword != "range")
            {
                // {{else if x}} is an {{if x}} nested in the else branch that shares our {{end}}.
                Next();
                if (next.Text != keyword) throw TemplateException.At(next.Position, $"{{{{else {next.Text}}}}} inside {{{{{keyword}}}}}");
                var nested = ParseBranch(open, next.Text);
                return new BranchNode(open.Position, keyword, pipe, body, new ListNode(next.Position, [nested])) { Source = source };
            }
            Expect(TokenKind.RightDelim, "else");
            var (elseBody, elseEnd) = ParseList(topLevel: false);
            if (elseEnd is null || elseEnd.Text != "end") throw TemplateException.At(open.Position, $"{{{{{keyword}}}}} has no matching {{{{end}}}}");
            elseList = elseBody;
        }
        Expect(TokenKind.RightDelim, "end");
        return new BranchNode(open.Position, keyword, pipe, body, elseList) { Source = source };
    }

    private TemplateCallNode ParseTemplateCall(Token open)
    {
        var name = ParseName("template");
        PipeNode? pipe = null;
        if (PeekNonSpace().Kind != TokenKind.RightDelim) pipe = ParsePipeline("template", TokenKind.RightDelim, false);
        else Next();
        return new TemplateCallNode(open.Position, name, pipe) { Source = SourceFrom(open) };
    }

    private TemplateCallNode ParseBlock(Token open)
    {
        var name = ParseName("block");
        var pipe = ParsePipeline("block", TokenKind.RightDelim, false);
        var call = new TemplateCallNode(open.Position, name, pipe) { Source = SourceFrom(open) };
        ParseDefine(open, name);
        return call;
    }

    private void ParseDefine(Token open, string? block)
    {
        var name = block ?? ParseName("define");
        if (block is null) Expect(TokenKind.RightDelim, "define");
        var wasDefine = _inDefine;
        _inDefine = true;
        var (body, end) = ParseList(topLevel: false);
        _inDefine = wasDefine;
        if (end is null || end.Text != "end") throw TemplateException.At(open.Position, $"{{{{define \"{name}\"}}}} has no matching {{{{end}}}}");
        Expect(TokenKind.RightDelim, "end");
        if (_templates.ContainsKey(name)) throw TemplateException.At(open.Position, $"template \"{name}\" is defined twice");
        _templates[name] = body;
    }

    private string ParseName(string context)
    {
        var t = NextNonSpace();
        if (t.Kind is not (TokenKind.String or TokenKind.RawString)) throw TemplateException.At(t.Position, $"{context} needs a quoted template name");
        return Unquote(t);
    }

    /// <summary>Parses a pipeline ending with <paramref name="end"/> (}} or a closing parenthesis), consuming it.</summary>
    private PipeNode ParsePipeline(string context, TokenKind end, bool allowTwoVariables)
    {
        var start = PeekNonSpace().Position;
        var variables = new List<string>();
        var isAssign = false;
        if (PeekNonSpace().Kind == TokenKind.Variable)
        {
            var save = _index;
            var first = Next();
            var after = PeekNonSpace();
            if (after.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                Next();
                variables.Add(first.Text);
                isAssign = after.Kind == TokenKind.Assign;
            }
            else if (after.Kind == TokenKind.Comma && allowTwoVariables)
            {
                Next();
                var second = Expect(TokenKind.Variable, context);
                var op = NextNonSpace();
                if (op.Kind is not (TokenKind.Declare or TokenKind.Assign)) throw TemplateException.At(op.Position, $"expected := after {second.Text}");
                variables.Add(first.Text);
                variables.Add(second.Text);
                isAssign = op.Kind == TokenKind.Assign;
            }
            else
            {
                _index = save;
            }
        }
        var commands = new List<CommandNode>();
        while (true)
        {
            var t = PeekNonSpace();
            if (t.Kind == end)
            {
                Next();
                break;
            }
            if (t.Kind is TokenKind.Eof or TokenKind.RightDelim or TokenKind.RightParen)
            {
                throw TemplateException.At(t.Position, $"unexpected {t} in {context}");
            }
            commands.Add(ParseCommand(context));
            var sep = PeekNonSpace();
            if (sep.Kind == TokenKind.Pipe)
            {
                Next();
                if (PeekNonSpace().Kind == end) throw TemplateException.At(sep.Position, "missing command after '|'");
            }
            else if (sep.Kind != end)
            {
                throw TemplateException.At(sep.Position, $"unexpected {sep} in {context}");
            }
        }
        if (commands.Count == 0) throw TemplateException.At(start, $"missing value for {context}");
        return new PipeNode(start, variables, isAssign, commands);
    }

    private CommandNode ParseCommand(string context)
    {
        var start = PeekNonSpace().Position;
        var args = new List<Node>();
        while (true)
        {
            var t = PeekNonSpace();
            if (t.Kind is TokenKind.RightDelim or TokenKind.RightParen or TokenKind.Pipe or TokenKind.Eof) break;
            args.Add(ParseOperand(context));
            var after = Peek();
            if (after.Kind is not (TokenKind.Space or TokenKind.RightDelim or TokenKind.RightParen or TokenKind.Pipe))
            {
                throw TemplateException.At(after.Position, $"missing space before {after} in {context}");
            }
        }
        if (args.Count == 0) throw TemplateException.At(start, $"empty command in {context}");
        return new CommandNode(start, args);
    }

    private Node ParseOperand(string context)
    {
        var term = ParseTerm(context);
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field) fields.Add(Next().Text[1..]);
        if (fields.Count == 0) return term;
        return term switch
        {
            FieldNode f => f with { Fields = [.. f.Fields, .. fields] },
            VariableNode v => v with { Fields = [.. v.Fields, .. fields] },
            BoolNode or NumberNode or StringNode or NilNode or DotNode =>
                throw TemplateException.At(term.Position, $"a field cannot follow a literal in {context}"),
            _ => new ChainNode(term.Position, term, fields),
        };
    }

    private Node ParseTerm(string context)
    {
        var t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Identifier:
                return new IdentifierNode(t.Position, t.Text);
            case TokenKind.Dot:
                return new DotNode(t.Position);
            case TokenKind.Nil:
                return new NilNode(t.Position);
            case TokenKind.Variable:
                return new VariableNode(t.Position, t.Text, []);
            case TokenKind.Field:
                return new FieldNode(t.Position, [t.Text[1..]]);
            case TokenKind.Bool:
                return new BoolNode(t.Position, t.Text == "true");
            case TokenKind.Number:
                return new NumberNode(t.Position, NumberLiteral.Parse(t.Text, m => TemplateException.At(t.Position, m)));
            case TokenKind.Char:
                var ch = Unquote(t);
                return new NumberNode(t.Position, NumberLiteral.FromRune(char.ConvertToUtf32(ch, 0), t.Text));
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(t.Position, Unquote(t));
            case TokenKind.LeftParen:
                var pipe = ParsePipeline("parenthesized pipeline", TokenKind.RightParen, false);
                return pipe with { Position = t.Position };
            default:
                throw TemplateException.At(t.Position, $"unexpected {t} in {context}");
        }
    }

    private static string Unquote(Token t)
    {
        try
        {
            return GoQuoting.ReadLiteral(t.Text).Value;
        }
        catch (FunctionException)
        {
            throw TemplateException.At(t.Position, $"bad quoted text {t.Text}");
        }
    }

    /// <summary>The action text from its opening {{ to the current token, for error messages.</summary>
    private string SourceFrom(Token open)
    {
        var end = _index < _tokens.Count ? _tokens[_index - 1] : _tokens[^1];
        var stop = Math.Min(_text.Length, end.Offset + end.Text.Length);
        var text = _text[open.Offset..stop];
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
