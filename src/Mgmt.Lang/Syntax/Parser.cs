using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;
using Mgmt.Lang.Syntax.Limits;

namespace Mgmt.Lang.Syntax;

/// <summary>
/// Hand-written recursive-descent parser for mcl (precedence climbing for operators). It accepts the same
/// language as the reference grammar and stops at the first token that cannot continue a valid program,
/// so a syntax error points at the same one-character position. Split by grammar area over several files.
/// </summary>
internal sealed partial class Parser
{
    private readonly SourceFile _file;
    private readonly List<Token> _tokens;
    private int _pos;

    // Mistakes found while building a node (a duplicate field in a struct type, a misspelled `Meta`). Like the
    // reference, parsing goes on: a later syntax error replaces it, otherwise it is reported at the end.
    private LangException? _pendingError;

    // How many expressions, types and statements are being parsed inside one another: each is a few frames of
    // recursion, so the depth is bounded (see InputLimits.MaxNesting) before the call stack runs out.
    private int _depth;

    private Parser(SourceFile file, List<Token> tokens)
    {
        _file = file;
        _tokens = tokens;
    }

    /// <summary>Parses a whole file. Throws <see cref="LangException"/> (<see cref="Phase.LexParse"/>).</summary>
    public static ProgramStmt ParseFile(SourceFile file, List<Token> tokens)
    {
        var parser = new Parser(file, tokens);
        var program = parser.ParseTopLevel();
        if (parser._pendingError is not null) throw parser._pendingError;
        return program;
    }

    private Token Current => _tokens[_pos];

    /// <summary>One nesting level deeper (undone with <c>_depth--</c> after the nested part); past the limit, a positioned error.</summary>
    private void EnterNested()
    {
        if (++_depth > InputLimits.MaxNesting) throw NestingCheck.TooDeep(PointSpan(Current));
    }

    private TokenKind Kind => _tokens[_pos].Kind;

    /// <summary>The last token consumed.</summary>
    private Token Previous => _tokens[_pos - 1];

    private bool At(TokenKind kind) => _tokens[_pos].Kind == kind;

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.EndOfFile) _pos++;
        return t;
    }

    private bool Accept(TokenKind kind)
    {
        if (!At(kind)) return false;
        Advance();
        return true;
    }

    /// <summary>Consumes a token of <paramref name="kind"/>, or fails saying what was expected.</summary>
    private Token Expect(TokenKind kind, string expectation) => At(kind) ? Advance() : throw Unexpected(expectation);

    /// <summary>An error at the current token: <c>expected X, found Y</c>.</summary>
    private LangException Unexpected(string expectation) =>
        ErrorAt(Current, $"expected {expectation}, found {TokenText.Describe(Current)}");

    private LangException ErrorAt(Token at, string message) =>
        // Reaching the lexer's error token means the input stopped being lexable there: report that instead.
        at.Kind == TokenKind.Error
            ? new LangException(Phase.LexParse, at.Text ?? "invalid input", PointSpan(at))
            : new LangException(Phase.LexParse, message, PointSpan(at));

    private void RecordError(Token at, string message) =>
        _pendingError = new LangException(Phase.LexParse, message, PointSpan(at));

    /// <summary>The one-character span at the start of a token (where syntax errors point).</summary>
    private SourceSpan PointSpan(Token t) => new(_file.Path, t.Line, t.Column, t.Line, t.Column + 1);

    private SourceSpan SpanOf(Token first, Token last) => new(_file.Path, first.Line, first.Column, last.EndLine, last.EndColumn);

    private SourceSpan SpanOf(Token first, Node last) =>
        new(_file.Path, first.Line, first.Column, last.Span.EndLine, last.Span.EndColumn);

    private SourceSpan SpanOf(Node first, Token last) =>
        new(_file.Path, first.Span.StartLine, first.Span.StartColumn, last.EndLine, last.EndColumn);

    private static SourceSpan SpanOf(Node first, Node last) => first.Span.To(last.Span);

    private static string Where(Token t) => $"{t.Line}:{t.Column}";

    /// <summary>
    /// A name that may follow <c>$</c> or a dot: an identifier, or <c>map</c> or <c>collect</c> (packages are named
    /// map and collect).
    /// </summary>
    private Token ExpectPlainName(string expectation) =>
        Kind is TokenKind.Identifier or TokenKind.MapType or TokenKind.Collect ? Advance() : throw Unexpected(expectation);

    /// <summary><c>name(.name)*</c> for packages, functions, classes and variables; the last token is <see cref="Previous"/>.</summary>
    private string ParseDottedName(string expectation)
    {
        var name = ExpectPlainName(expectation).Text!;
        while (At(TokenKind.Dot))
        {
            Advance();
            name += "." + ExpectPlainName($"a name after '.' in `{name}.`").Text;
        }
        return name;
    }

    /// <summary><c>name(:name)*</c> for resource kinds and class names; the current token must be an identifier.</summary>
    private string ParseColonName(string expectation)
    {
        var name = Expect(TokenKind.Identifier, expectation).Text!;
        while (At(TokenKind.Colon))
        {
            Advance();
            name += ":" + Expect(TokenKind.Identifier, $"a name after ':' in `{name}:`").Text;
        }
        return name;
    }
}
