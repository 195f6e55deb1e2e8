using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax;

// Statements and statement blocks.
internal sealed partial class Parser
{
    private const string StatementTerminator = "the end of the line after this statement (each statement goes on its own line)";

    private ProgramStmt ParseTopLevel()
    {
        var statements = new List<Stmt>();
        while (true)
        {
            if (Accept(TokenKind.Newline)) continue;
            if (At(TokenKind.EndOfFile)) break;
            statements.Add(ParseStatement());
            if (Accept(TokenKind.Newline) || At(TokenKind.EndOfFile)) continue;
            throw Unexpected(StatementTerminator);
        }
        var span = statements.Count > 0
            ? SpanOf(statements[0], statements[^1])
            : new SourceSpan(_file.Path, 1, 1, 1, 1);
        return new ProgramStmt { Statements = statements, Span = span };
    }

    /// <summary>
    /// The statements of a block after its opening brace, up to (not including) the closing brace. Every
    /// statement must end its line, also the last one.
    /// </summary>
    private List<Stmt> ParseBlockStatements(Token open, string what)
    {
        var statements = new List<Stmt>();
        while (true)
        {
            if (Accept(TokenKind.Newline)) continue;
            if (At(TokenKind.RBrace)) return statements;
            if (At(TokenKind.EndOfFile)) throw UnclosedBrace(open, what);
            statements.Add(ParseStatement());
            if (Accept(TokenKind.Newline)) continue;
            if (At(TokenKind.EndOfFile)) throw UnclosedBrace(open, what);
            throw Unexpected(StatementTerminator);
        }
    }

    /// <summary>A <c>{ statements }</c> block; the current token must be the opening brace.</summary>
    private ProgramStmt ParseBlock(string openExpectation, string what)
    {
        var open = Expect(TokenKind.LBrace, openExpectation);
        var statements = ParseBlockStatements(open, what);
        var close = Advance();
        return new ProgramStmt { Statements = statements, Span = SpanOf(open, close) };
    }

    private LangException UnclosedBrace(Token open, string what) =>
        Unexpected($"'}}' to close the {what} opened at {Where(open)}");

    private Stmt ParseStatement()
    {
        EnterNested();
        var result = ParseStatementNested();
        _depth--;
        return result;
    }

    private Stmt ParseStatementNested() => Kind switch
    {
        TokenKind.Dollar => ParseBind(),
        TokenKind.Identifier => ParseResource(Current, isCollect: false),
        TokenKind.Collect => ParseCollect(),
        TokenKind.CapitalizedIdentifier => ParseEdge(),
        TokenKind.If => ParseIfStatement(),
        TokenKind.For => ParseFor(),
        TokenKind.ForKV => ParseForKV(),
        TokenKind.Func => ParseFuncStatement(),
        TokenKind.Class => ParseClass(),
        TokenKind.Include => ParseInclude(),
        TokenKind.Import => ParseImport(),
        TokenKind.Panic => ParsePanic(),
        _ => throw Unexpected("a statement: `$name = value`, a resource (`kind \"name\" { ... }`), an edge " +
            "(`Kind[\"a\"] -> Kind[\"b\"]`), `if`, `for`, `forkv`, `func`, `class`, `include`, `import`, `collect` or `panic`"),
    };

    private BindStmt ParseBind()
    {
        var dollar = Advance();
        var name = ExpectPlainName("a variable name right after '$'").Text!;
        DataType? type = null;
        if (!At(TokenKind.Equals))
        {
            if (!StartsType(Kind)) throw Unexpected($"'=' after `${name}` (or a type and then '=')");
            type = ParseType();
            Expect(TokenKind.Equals, $"'=' and a value after the declared type of `${name}`");
        }
        else
        {
            Advance();
        }
        var value = ParseExpr();
        return new BindStmt { Name = name, Type = type, Value = value, Span = SpanOf(dollar, value) };
    }

    private IfStmt ParseIfStatement()
    {
        var ifToken = Advance();
        var condition = ParseExpr();
        var then = ParseBlock("'{' after the condition of `if`", "`if` block");
        ProgramStmt? otherwise = null;
        if (Accept(TokenKind.Else))
        {
            otherwise = ParseBlock("'{' after `else` (there is no `else if`: put another `if` inside the else block)", "`else` block");
        }
        return new IfStmt { Condition = condition, Then = then, Else = otherwise, Span = SpanOf(ifToken, Previous) };
    }

    private ForStmt ParseFor()
    {
        var forToken = Advance();
        var index = ParseVarDecl("'$' and the index variable, as in `for $i, $v in $list {`", withType: false);
        Expect(TokenKind.Comma, "',' and the value variable after the index variable, as in `for $i, $v in $list {`");
        var value = ParseVarDecl("'$' and the value variable, as in `for $i, $v in $list {`", withType: false);
        Expect(TokenKind.In, "`in` and the list to loop over");
        var list = ParseExpr();
        var body = ParseBlock("'{' to start the body of the `for` loop", "`for` body");
        return new ForStmt { Index = index, Value = value, List = list, Body = body, Span = SpanOf(forToken, Previous) };
    }

    private ForKVStmt ParseForKV()
    {
        var forToken = Advance();
        var key = ParseVarDecl("'$' and the key variable, as in `forkv $k, $v in $map {`", withType: false);
        Expect(TokenKind.Comma, "',' and the value variable after the key variable, as in `forkv $k, $v in $map {`");
        var value = ParseVarDecl("'$' and the value variable, as in `forkv $k, $v in $map {`", withType: false);
        Expect(TokenKind.In, "`in` and the map to loop over");
        var map = ParseExpr();
        var body = ParseBlock("'{' to start the body of the `forkv` loop", "`forkv` body");
        return new ForKVStmt { Key = key, Value = value, Map = map, Body = body, Span = SpanOf(forToken, Previous) };
    }

    private FuncStmt ParseFuncStatement()
    {
        var funcToken = Advance();
        var name = Expect(TokenKind.Identifier, "the function name after `func` (an unnamed `func(...) {...}` is a value, bind it with `$f = func...`)").Text!;
        var func = ParseFuncRest(funcToken, $"function `{name}`");
        return new FuncStmt { Name = name, Func = func, Span = func.Span };
    }

    private ClassStmt ParseClass()
    {
        var classToken = Advance();
        var name = ParseColonName("the class name after `class`");
        List<VarDecl>? parameters = null;
        var multiline = false;
        if (Accept(TokenKind.LParen))
        {
            (parameters, multiline, _) = ParseDelimited(TokenKind.RParen, ParseParam, "parameter");
        }
        var body = ParseBlock(parameters is null
            ? $"'{{' to start the body of class `{name}` (or '(' and its parameters)"
            : $"'{{' to start the body of class `{name}`", $"body of class `{name}`");
        return new ClassStmt
        {
            Name = name, Params = parameters, Body = body, MultilineParams = multiline, Span = SpanOf(classToken, Previous),
        };
    }

    private IncludeStmt ParseInclude()
    {
        var includeToken = Advance();
        var name = ParseDottedName("the name of the class to include after `include`");
        List<Expr>? args = null;
        var multiline = false;
        if (Accept(TokenKind.LParen))
        {
            (args, multiline, _) = ParseDelimited(TokenKind.RParen, ParseExpr, "argument");
        }
        string? alias = null;
        if (Accept(TokenKind.As))
        {
            alias = Expect(TokenKind.Identifier, "an alias name after `as`, as in `include foo as f`").Text;
        }
        return new IncludeStmt
        {
            Name = name, Args = args, Alias = alias, Multiline = multiline, Span = SpanOf(includeToken, Previous),
        };
    }

    private ImportStmt ParseImport()
    {
        var importToken = Advance();
        var path = Expect(TokenKind.String, "the import path in double quotes, as in `import \"fmt\"`").Text!;
        string? alias = null;
        if (Accept(TokenKind.As))
        {
            alias = Accept(TokenKind.Multiply)
                ? ImportStmt.MergeAlias
                : Expect(TokenKind.Identifier, "an alias name (or `*`) after `as`").Text;
        }
        return new ImportStmt { Name = path, Alias = alias, Span = SpanOf(importToken, Previous) };
    }

    /// <summary>
    /// <c>panic(args)</c> is sugar, as in the reference, for
    /// <c>if panic(args) { _panic "panic" {} }</c>: the hidden resource appears when the panic function
    /// returns true (or a non-empty message), and it shuts the engine down.
    /// </summary>
    private IfStmt ParsePanic()
    {
        var panicToken = Advance();
        Expect(TokenKind.LParen, "'(' after `panic`, as in `panic(\"message\")`");
        var (args, multiline, close) = ParseDelimited(TokenKind.RParen, ParseExpr, "argument");
        var span = SpanOf(panicToken, close);
        var call = new CallExpr { Name = BuiltinNames.Panic, Args = args, Sugar = CallSugar.Panic, Multiline = multiline, Span = span };
        var resource = new ResourceStmt
        {
            Kind = BuiltinNames.PanicResourceKind,
            Name = new StrExpr { Value = BuiltinNames.PanicResourceName, Span = span },
            Entries = [],
            Span = span,
        };
        return new IfStmt { Condition = call, Then = new ProgramStmt { Statements = [resource], Span = span }, Span = span };
    }

    /// <summary><c>$name</c>, or with <paramref name="withType"/> <c>$name [type]</c>.</summary>
    private VarDecl ParseVarDecl(string expectation, bool withType)
    {
        var dollar = Expect(TokenKind.Dollar, expectation);
        var name = ExpectPlainName("a variable name right after '$'");
        var type = withType && StartsType(Kind) ? ParseType() : null;
        return new VarDecl { Name = name.Text!, Type = type, Span = SpanOf(dollar, name) };
    }

    private VarDecl ParseParam() => ParseVarDecl("'$' and a parameter name", withType: true);
}
