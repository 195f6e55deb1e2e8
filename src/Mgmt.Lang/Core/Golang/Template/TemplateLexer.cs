namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// Splits template text into tokens with Go text/template's rules: text, <c>{{ }}</c> actions with
/// <c>{{- -}}</c> trimming, comments <c>{{/* */}}</c>, and inside actions the fields, variables, literals and
/// punctuation of the action language.
/// </summary>
internal sealed class TemplateLexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private readonly List<int> _lineStarts = [0];
    private int _pos;

    private TemplateLexer(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _lineStarts.Add(i + 1);
        }
    }

    public static List<Token> Lex(string text)
    {
        var lexer = new TemplateLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlnum(char c) => c == '_' || char.IsLetterOrDigit(c);

    private Position PositionOf(int offset)
    {
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        return new Position(line + 1, offset - _lineStarts[line] + 1);
    }

    private void Emit(TokenKind kind, int start, int end) => _tokens.Add(new Token(kind, _text[start..end], PositionOf(start), start));

    private TemplateException Error(int at, string what) => TemplateException.At(PositionOf(at), what);

    private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private void Run()
    {
        while (_pos < _text.Length)
        {
            var open = _text.IndexOf("{{", _pos, StringComparison.Ordinal);
            if (open < 0)
            {
                Emit(TokenKind.Text, _pos, _text.Length);
                _pos = _text.Length;
                break;
            }
            var trimLeft = open + 3 < _text.Length && _text[open + 2] == '-' && IsSpace(_text[open + 3]);
            var textEnd = open;
            if (trimLeft)
            {
                while (textEnd > _pos && IsSpace(_text[textEnd - 1])) textEnd--;
            }
            if (textEnd > _pos) Emit(TokenKind.Text, _pos, textEnd);
            _pos = open + 2 + (trimLeft ? 2 : 0);
            var trimRight = At("/*") ? Comment(open) : Action(open);
            if (trimRight)
            {
                while (_pos < _text.Length && IsSpace(_text[_pos])) _pos++;
            }
        }
        _tokens.Add(new Token(TokenKind.Eof, "", PositionOf(_text.Length), _text.Length));
    }

    /// <summary>Skips a comment; returns true when it ends with a trimming delimiter.</summary>
    private bool Comment(int open)
    {
        var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (end < 0) throw Error(open, "unclosed comment: a comment must end with */}}");
        _pos = end + 2;
        if (At("}}"))
        {
            _pos += 2;
            return false;
        }
        if (_pos + 1 < _text.Length && IsSpace(_text[_pos]) && _text[_pos + 1] == '-' && string.CompareOrdinal(_text, _pos + 2, "}}", 0, 2) == 0)
        {
            _pos += 4;
            return true;
        }
        throw Error(open, "a comment must be the whole action: write {{/* comment */}}");
    }

    /// <summary>Tokenizes one action up to its closing delimiter; returns true when it is a trimming one.</summary>
    private bool Action(int open)
    {
        Emit(TokenKind.LeftDelim, open, open + 2);
        var depth = 0;
        while (true)
        {
            if (_pos >= _text.Length) throw Error(open, "unclosed action: missing }}");
            var c = _text[_pos];
            var start = _pos;
            if (At("}}"))
            {
                if (depth > 0) throw Error(_pos, "unclosed left parenthesis");
                Emit(TokenKind.RightDelim, _pos, _pos + 2);
                _pos += 2;
                return false;
            }
            if (IsSpace(c))
            {
                while (_pos < _text.Length && IsSpace(_text[_pos])) _pos++;
                if (At("-}}"))
                {
                    if (depth > 0) throw Error(_pos, "unclosed left parenthesis");
                    Emit(TokenKind.RightDelim, _pos + 1, _pos + 3);
                    _pos += 3;
                    return true;
                }
                Emit(TokenKind.Space, start, _pos);
                continue;
            }
            switch (c)
            {
                case '"':
                    Quoted('"', TokenKind.String);
                    break;
                case '`':
                    var end = _text.IndexOf('`', _pos + 1);
                    if (end < 0) throw Error(_pos, "unterminated raw string");
                    _pos = end + 1;
                    Emit(TokenKind.RawString, start, _pos);
                    break;
                case '\'':
                    Quoted('\'', TokenKind.Char);
                    break;
                case '$':
                    _pos++;
                    while (_pos < _text.Length && IsAlnum(_text[_pos])) _pos++;
                    Emit(TokenKind.Variable, start, _pos);
                    break;
                case '.' when _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]):
                    Number();
                    break;
                case '.':
                    _pos++;
                    while (_pos < _text.Length && IsAlnum(_text[_pos])) _pos++;
                    Emit(_pos - start == 1 ? TokenKind.Dot : TokenKind.Field, start, _pos);
                    break;
                case '+' or '-' or (>= '0' and <= '9'):
                    Number();
                    break;
                case '(':
                    depth++;
                    _pos++;
                    Emit(TokenKind.LeftParen, start, _pos);
                    break;
                case ')':
                    if (--depth < 0) throw Error(_pos, "unexpected right parenthesis");
                    _pos++;
                    Emit(TokenKind.RightParen, start, _pos);
                    break;
                case '|':
                    _pos++;
                    Emit(TokenKind.Pipe, start, _pos);
                    break;
                case ',':
                    _pos++;
                    Emit(TokenKind.Comma, start, _pos);
                    break;
                case ':':
                    if (!At(":=")) throw Error(_pos, "expected := after ':'");
                    _pos += 2;
                    Emit(TokenKind.Declare, start, _pos);
                    break;
                case '=':
                    _pos++;
                    Emit(TokenKind.Assign, start, _pos);
                    break;
                default:
                    if (!(char.IsLetter(c) || c == '_')) throw Error(_pos, $"unexpected character '{c}' in the action");
                    while (_pos < _text.Length && IsAlnum(_text[_pos])) _pos++;
                    var word = _text[start.._pos];
                    var kind = word switch
                    {
                        "true" or "false" => TokenKind.Bool,
                        "nil" => TokenKind.Nil,
                        "block" or "break" or "continue" or "define" or "else" or "end" or "if" or "range" or "template" or "with" => TokenKind.Keyword,
                        _ => TokenKind.Identifier,
                    };
                    Emit(kind, start, _pos);
                    break;
            }
        }
    }

    private void Quoted(char quote, TokenKind kind)
    {
        var start = _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error(start, $"unterminated {(quote == '"' ? "string" : "character constant")}");
            var c = _text[_pos++];
            if (c == '\\')
            {
                _pos++;
                continue;
            }
            if (c == quote) break;
        }
        Emit(kind, start, _pos);
    }

    private void Number()
    {
        var start = _pos;
        if (_text[_pos] is '+' or '-') _pos++;
        var digits = "0123456789_";
        if (At("0x") || At("0X")) { _pos += 2; digits = "0123456789abcdefABCDEF_"; }
        else if (At("0o") || At("0O")) { _pos += 2; digits = "01234567_"; }
        else if (At("0b") || At("0B")) { _pos += 2; digits = "01_"; }
        Run(digits);
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            Run(digits);
        }
        if (digits.Length == 11 && _pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            Run("0123456789_");
        }
        else if (digits.Length > 20 && _pos < _text.Length && _text[_pos] is 'p' or 'P')
        {
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            Run("0123456789_");
        }
        if (_pos < _text.Length && IsAlnum(_text[_pos])) throw Error(start, $"bad number syntax: \"{_text[start..(_pos + 1)]}\"");
        Emit(TokenKind.Number, start, _pos);
    }

    private void Run(string allowed)
    {
        while (_pos < _text.Length && allowed.Contains(_text[_pos])) _pos++;
    }
}
