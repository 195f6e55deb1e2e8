using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax;

// Expressions. Binary operators use precedence climbing over these levels, lowest first:
//   1 `<|>` (left)   2 `or` (left)   3 `and` (left)   4 `< > <= >= == != in` (not chainable)
//   5 `+ -` (left)   6 `* /` (left)  then `not` (prefix) and the postfix `x[i]`, `s->f`.
internal sealed partial class Parser
{
    private const int ExceptLevel = 1;
    private const int ComparisonLevel = 4;

    private static int BinaryLevel(TokenKind kind) => kind switch
    {
        TokenKind.Except => ExceptLevel,
        TokenKind.Or => 2,
        TokenKind.And => 3,
        TokenKind.Lt or TokenKind.Gt or TokenKind.Lte or TokenKind.Gte or TokenKind.Eq or TokenKind.Neq or TokenKind.In => ComparisonLevel,
        TokenKind.Plus or TokenKind.Minus => 5,
        TokenKind.Multiply or TokenKind.Divide => 6,
        _ => 0,
    };

    private Expr ParseExpr() => ParseBinary(ExceptLevel);

    private Expr ParseBinary(int minLevel)
    {
        var left = ParseUnary();
        while (true)
        {
            var level = BinaryLevel(Kind);
            if (level == 0 || level < minLevel) return left;
            var op = Advance();
            var right = ParseBinary(level + 1);
            left = MakeBinary(op, left, right);
            if (level == ComparisonLevel && BinaryLevel(Kind) == ComparisonLevel)
            {
                throw ErrorAt(Current, $"comparisons cannot be chained: {TokenText.Describe(Current)} follows another comparison; " +
                    "add parentheses or join the two tests with `and`");
            }
        }
    }

    private Expr MakeBinary(Token op, Expr left, Expr right)
    {
        var span = SpanOf(left, right);
        return op.Kind switch
        {
            TokenKind.Except => new ExceptExpr { Primary = left, Fallback = right, Span = span },
            TokenKind.In => new CallExpr { Name = BuiltinNames.Contains, Args = [left, right], Sugar = CallSugar.In, Span = span },
            _ => OperatorCall(op, [left, right], span),
        };
    }

    private CallExpr OperatorCall(Token op, List<Expr> operands, SourceSpan span)
    {
        var symbol = TokenText.Symbol(op.Kind) ?? op.Text!; // `and`, `or` and `not` are spelled as words
        var args = new List<Expr>(operands.Count + 1) { new StrExpr { Value = symbol, Span = SpanOf(op, op) } };
        args.AddRange(operands);
        return new CallExpr { Name = BuiltinNames.Operator, Args = args, Sugar = CallSugar.Operator, Span = span };
    }

    private Expr ParseUnary()
    {
        EnterNested();
        var result = ParseUnaryNested();
        _depth--;
        return result;
    }

    private Expr ParseUnaryNested()
    {
        if (!At(TokenKind.Not)) return ParsePostfix(ParsePrimary());
        var not = Advance();
        var operand = ParseUnary();
        return OperatorCall(not, [operand], SpanOf(not, operand));
    }

    /// <summary><c>x[i]</c>, <c>s->f</c> and <c>s->f &lt;|&gt; default</c> after a primary expression.</summary>
    private Expr ParsePostfix(Expr e)
    {
        while (true)
        {
            if (Accept(TokenKind.LBracket))
            {
                var index = ParseExpr();
                var close = Expect(TokenKind.RBracket, "']' to close the index");
                e = new CallExpr { Name = BuiltinNames.Lookup, Args = [e, index], Sugar = CallSugar.Index, Span = SpanOf(e, close) };
            }
            else if (Accept(TokenKind.Arrow))
            {
                var fieldToken = Expect(TokenKind.Identifier, "a struct field name after '->'");
                var field = new StrExpr { Value = fieldToken.Text!, Span = SpanOf(fieldToken, fieldToken) };
                if (Accept(TokenKind.Except))
                {
                    // `s->f <|> d` is one construct (a default for a field the struct type may lack), not an
                    // error fallback around a lookup; the default binds like the right side of `<|>`.
                    var fallback = ParseBinary(ExceptLevel + 1);
                    e = new CallExpr
                    {
                        Name = BuiltinNames.StructLookupOptional, Args = [e, field, fallback],
                        Sugar = CallSugar.OptionalFieldLookup, Span = SpanOf(e, fallback),
                    };
                }
                else
                {
                    e = new CallExpr
                    {
                        Name = BuiltinNames.StructLookup, Args = [e, field], Sugar = CallSugar.FieldLookup, Span = SpanOf(e, fieldToken),
                    };
                }
            }
            else
            {
                return e;
            }
        }
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Bool:
                Advance();
                return new BoolExpr { Value = t.Text == "true", Span = SpanOf(t, t) };
            case TokenKind.Integer:
                Advance();
                return new IntExpr { Value = t.IntValue, Span = SpanOf(t, t) };
            case TokenKind.Float:
                Advance();
                return new FloatExpr { Value = t.FloatValue, Span = SpanOf(t, t) };
            case TokenKind.String:
                Advance();
                return new StrTemplateExpr { RawText = t.Text!, Span = SpanOf(t, t) };
            case TokenKind.LBracket:
                return ParseList();
            case TokenKind.LBrace:
                return ParseMap();
            case TokenKind.StructType:
                return ParseStruct();
            case TokenKind.Dollar:
                return ParseVariableOrCall();
            case TokenKind.Identifier or TokenKind.MapType:
                return ParseNamedCall();
            case TokenKind.Collect when _pos + 1 < _tokens.Count && _tokens[_pos + 1].Kind == TokenKind.Dot:
                // The package world/collect is named collect, like the statement: `collect.res("file")`.
                return ParseNamedCall();
            case TokenKind.Func:
                return ParseLambda();
            case TokenKind.If:
                return ParseIfExpr();
            case TokenKind.LParen:
                {
                    Advance();
                    var inner = ParseExpr();
                    var close = Expect(TokenKind.RParen, "')' to close the parenthesis");
                    inner.Span = SpanOf(t, close);
                    return inner;
                }
            default:
                throw Unexpected("a value (a literal, `$variable`, a function call, `func(...) {...}` or `if ... else ...`)");
        }
    }

    /// <summary><c>$name</c> or <c>$name(args)</c> (calling the function value held in the variable).</summary>
    private Expr ParseVariableOrCall()
    {
        var dollar = Advance();
        var name = ParseDottedName("a variable name right after '$'");
        if (!Accept(TokenKind.LParen)) return new VarExpr { Name = name, Span = SpanOf(dollar, Previous) };
        var (args, multiline, close) = ParseDelimited(TokenKind.RParen, ParseExpr, "argument");
        return new CallExpr { Name = name, Args = args, IsVariable = true, Multiline = multiline, Span = SpanOf(dollar, close) };
    }

    /// <summary><c>name(args)</c> or <c>pkg.name(args)</c>.</summary>
    private CallExpr ParseNamedCall()
    {
        var first = Current;
        var name = ParseDottedName("a function name");
        Expect(TokenKind.LParen, $"'(' to call `{name}` (a bare name is not a value: variables are written `$name`)");
        var (args, multiline, close) = ParseDelimited(TokenKind.RParen, ParseExpr, "argument");
        return new CallExpr { Name = name, Args = args, Multiline = multiline, Span = SpanOf(first, close) };
    }

    /// <summary><c>func(params) [type] { body }</c>, possibly called right away: <c>func($x) {...}(42)</c>.</summary>
    private Expr ParseLambda()
    {
        var funcToken = Advance();
        var lambda = ParseFuncRest(funcToken, "function");
        if (!Accept(TokenKind.LParen)) return lambda;
        var (args, multiline, close) = ParseDelimited(TokenKind.RParen, ParseExpr, "argument");
        return new CallExpr { Name = "", Lambda = lambda, Args = args, Multiline = multiline, Span = SpanOf(funcToken, close) };
    }

    /// <summary>The part of a function after <c>func</c> (and its name): <c>(params) [type] { body }</c>.</summary>
    private FuncExpr ParseFuncRest(Token funcToken, string what)
    {
        Expect(TokenKind.LParen, $"'(' and the parameters of the {what}");
        var (parameters, multiline, _) = ParseDelimited(TokenKind.RParen, ParseParam, "parameter");
        DataType? returnType = null;
        if (!At(TokenKind.LBrace))
        {
            if (!StartsType(Kind)) throw Unexpected($"'{{' to start the body of the {what} (or its return type first)");
            returnType = ParseType();
        }
        var body = ParseExprBlock($"'{{' to start the body of the {what}", $"body of the {what}");
        return new FuncExpr
        {
            Params = parameters, ReturnType = returnType, Body = body, MultilineParams = multiline, Span = SpanOf(funcToken, Previous),
        };
    }

    private IfExpr ParseIfExpr()
    {
        var ifToken = Advance();
        var condition = ParseExpr();
        var then = ParseExprBlock("'{' after the condition of `if`", "`if` branch");
        Expect(TokenKind.Else, "`else`: an `if` used as a value needs both branches, as in `if $c { 1 } else { 2 }`");
        var otherwise = ParseExprBlock("'{' after `else`", "`else` branch");
        return new IfExpr { Condition = condition, Then = then, Else = otherwise, Span = SpanOf(ifToken, Previous) };
    }

    /// <summary><c>{ expression }</c>, with optional line breaks inside the braces.</summary>
    private Expr ParseExprBlock(string openExpectation, string what)
    {
        var open = Expect(TokenKind.LBrace, openExpectation);
        while (Accept(TokenKind.Newline))
        {
        }
        var body = ParseExpr();
        while (Accept(TokenKind.Newline))
        {
        }
        Expect(TokenKind.RBrace, $"'}}' to close the {what} opened at {Where(open)} (it holds a single expression)");
        return body;
    }
}
