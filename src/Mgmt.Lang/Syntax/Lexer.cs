using System.Globalization;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Syntax;

/// <summary>
/// Splits mcl source into tokens in one pass. Newlines are tokens (they separate statements); spaces and tabs
/// are skipped; comments are collected apart. The first lexical mistake becomes an <see cref="TokenKind.Error"/>
/// token and ends the stream, so the parser reports it only if no syntax error comes before it (as the
/// reference, which lexes on demand, does).
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private readonly List<SourceComment> _comments = [];
    private readonly string _path;
    private int _pos;
    private int _line = 1;
    private int _col = 1;

    private Lexer(SourceFile file)
    {
        _text = file.Text;
        _path = file.Path;
    }

    public static (List<Token> Tokens, List<SourceComment> Comments) Tokenize(SourceFile file)
    {
        var lexer = new Lexer(file);
        lexer.Run();
        return (lexer._tokens, lexer._comments);
    }

    private void Run()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t')
            {
                Step();
                continue;
            }
            if (!LexOne(c)) break; // a lexical error ends the stream
        }
        _tokens.Add(new Token(TokenKind.EndOfFile, _line, _col, _line, _col));
    }

    /// <summary>Lexes the token starting at the current character; false after an error token.</summary>
    private bool LexOne(char c)
    {
        int line = _line, col = _col;
        switch (c)
        {
            case '\n': Simple(TokenKind.Newline, 1); return true;
            case '#': Comment(); return true;
            case '{': Simple(TokenKind.LBrace, 1); return true;
            case '}': Simple(TokenKind.RBrace, 1); return true;
            case '(': Simple(TokenKind.LParen, 1); return true;
            case ')': Simple(TokenKind.RParen, 1); return true;
            case '[': Simple(TokenKind.LBracket, 1); return true;
            case ']': Simple(TokenKind.RBracket, 1); return true;
            case ',': Simple(TokenKind.Comma, 1); return true;
            case ';': Simple(TokenKind.Semicolon, 1); return true;
            case ':': Simple(TokenKind.Colon, 1); return true;
            case '.': Simple(TokenKind.Dot, 1); return true;
            case '$': Simple(TokenKind.Dollar, 1); return true;
            case '+': Simple(TokenKind.Plus, 1); return true;
            case '*': Simple(TokenKind.Multiply, 1); return true;
            case '/': Simple(TokenKind.Divide, 1); return true;
            case '"': return StringLiteral();
            case '=':
                if (Next(1) == '>') Simple(TokenKind.Rocket, 2);
                else if (Next(1) == '=') Simple(TokenKind.Eq, 2);
                else Simple(TokenKind.Equals, 1);
                return true;
            case '-':
                // A minus sign directly followed by a digit is part of a negative number literal (so `$a -1`
                // is two expressions in a row, just like in the reference).
                if (char.IsAsciiDigit(Next(1))) return Number();
                if (Next(1) == '>') Simple(TokenKind.Arrow, 2);
                else Simple(TokenKind.Minus, 1);
                return true;
            case '<':
                if (Next(1) == '|' && Next(2) == '>') Simple(TokenKind.Except, 3);
                else if (Next(1) == '=') Simple(TokenKind.Lte, 2);
                else Simple(TokenKind.Lt, 1);
                return true;
            case '>':
                if (Next(1) == '=') Simple(TokenKind.Gte, 2);
                else Simple(TokenKind.Gt, 1);
                return true;
            case '!':
                if (Next(1) == '=') { Simple(TokenKind.Neq, 2); return true; }
                return Fail(line, col, "unexpected character '!': mcl writes negation as `not`, and inequality as `!=`");
            case '?':
                if (Next(1) == ':') { Simple(TokenKind.Elvis, 2); return true; }
                return Fail(line, col, "unexpected character '?': the only operator with it is `?:`, as in `param => condition ?: value,`");
            case '\r':
                return Fail(line, col,
                    "carriage return character (\\r) in the source: mcl files must use Unix line endings (\\n only); convert the file, for example with dos2unix");
        }

        if (char.IsAsciiDigit(c)) return Number();
        if (char.IsAsciiLetterLower(c)) { Word(capitalized: false); return true; }
        if (char.IsAsciiLetterUpper(c)) { Word(capitalized: true); return true; }
        return Fail(line, col, $"unexpected character {DescribeChar()} in the source");
    }

    private char Next(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    /// <summary>Moves one character forward, keeping line and column up to date.</summary>
    private void Step()
    {
        var c = _text[_pos++];
        if (c == '\n')
        {
            _line++;
            _col = 1;
        }
        else if (!char.IsLowSurrogate(c))
        {
            // Columns count characters (code points), so the second half of a surrogate pair adds nothing.
            _col++;
        }
    }

    private void Simple(TokenKind kind, int length)
    {
        int line = _line, col = _col;
        for (var i = 0; i < length; i++) Step();
        _tokens.Add(new Token(kind, line, col, _line, _col));
    }

    private void Comment()
    {
        int line = _line, col = _col, start = _pos;
        while (_pos < _text.Length && _text[_pos] != '\n') Step();
        var span = new SourceSpan(_path, line, col, _line, _col);
        _comments.Add(new SourceComment(_text.Substring(start + 1, _pos - start - 1), span));
    }

    private bool StringLiteral()
    {
        int line = _line, col = _col;
        Step(); // opening quote
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            // A backslash takes the next character with it, so \" does not end the string. Escapes are decoded
            // (and checked) by the Interpolate stage, together with ${...}.
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length) Step();
            Step();
        }
        if (_pos >= _text.Length)
        {
            return Fail(line, col, "this string is never closed: add the closing double quote (\")");
        }
        var raw = _text[start.._pos];
        Step(); // closing quote
        _tokens.Add(new Token(TokenKind.String, line, col, _line, _col, raw));
        return true;
    }

    private bool Number()
    {
        int line = _line, col = _col, start = _pos;
        if (_text[_pos] == '-') Step();
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) Step();
        var isFloat = _pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]);
        if (isFloat)
        {
            Step();
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) Step();
        }
        var text = _text[start.._pos];
        if (isFloat)
        {
            var f = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (double.IsInfinity(f))
            {
                return Fail(line, col, $"float literal {text} is too large for a 64-bit float");
            }
            _tokens.Add(new Token(TokenKind.Float, line, col, _line, _col, text, FloatValue: f));
            return true;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return Fail(line, col,
                $"integer literal {text} is out of range: mcl integers are 64-bit signed, from {long.MinValue} to {long.MaxValue}");
        }
        _tokens.Add(new Token(TokenKind.Integer, line, col, _line, _col, text, IntValue: n));
        return true;
    }

    /// <summary>
    /// A name: a lowercase letter (or, for a capitalized name, an uppercase one) followed by lowercase letters,
    /// digits and underscores, not ending with an underscore. Exact keywords become keyword tokens.
    /// </summary>
    private void Word(bool capitalized)
    {
        int line = _line, col = _col, start = _pos;
        var end = _pos + 1;
        while (end < _text.Length && (char.IsAsciiLetterLower(_text[end]) || char.IsAsciiDigit(_text[end]) || _text[end] == '_')) end++;
        while (end > start + 1 && _text[end - 1] == '_') end--; // a name never ends with `_`
        while (_pos < end) Step();
        var text = _text[start..end];
        if (capitalized)
        {
            _tokens.Add(new Token(TokenKind.CapitalizedIdentifier, line, col, _line, _col, text.ToLowerInvariant()));
            return;
        }
        var kind = Keywords.Lookup(text);
        _tokens.Add(new Token(kind, line, col, _line, _col, text));
    }

    private string DescribeChar()
    {
        var c = _text[_pos];
        if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length)
        {
            var cp = char.ConvertToUtf32(c, _text[_pos + 1]);
            return $"'{_text.Substring(_pos, 2)}' (U+{cp:X4})";
        }
        return char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
    }

    private bool Fail(int line, int col, string message)
    {
        _tokens.Add(new Token(TokenKind.Error, line, col, line, col + 1, message));
        return false;
    }
}
