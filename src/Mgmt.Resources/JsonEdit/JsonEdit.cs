using System.Text.Json;
using System.Text.Json.Nodes;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// One edit of a JSON document, in a small jq-like syntax: <c>.a.b = VALUE</c> sets a member (making missing
/// objects on the way), <c>del(.a.b)</c> removes one. A path is a dot followed by names (ASCII letters, digits and
/// <c>_</c>, not starting with a digit) or bracketed JSON strings (<c>.["host-01"].state</c>), joined by dots or
/// brackets; VALUE is exactly one JSON value. Filters, arrays, pipes and other jq forms are not part of it.
/// </summary>
internal sealed record JsonEdit(bool Delete, IReadOnlyList<string> Keys, JsonNode? Value)
{
    /// <summary>Parses one edit; throws <see cref="ResourceValidationException"/> naming the problem.</summary>
    public static JsonEdit Parse(string text)
    {
        var p = new Cursor(text.Trim());
        if (p.Take("del"))
        {
            p.SkipSpace();
            if (!p.Take('(')) throw p.Fail("expected `(` after `del`");
            p.SkipSpace();
            var deleted = ParsePath(p);
            p.SkipSpace();
            if (!p.Take(')')) throw p.Fail("expected `)` to close `del(`");
            p.SkipSpace();
            if (!p.Done) throw p.Fail("unexpected text after `del(...)`");
            return new JsonEdit(true, deleted, null);
        }
        var keys = ParsePath(p);
        p.SkipSpace();
        if (!p.Take('=')) throw p.Fail("expected `=` after the path (edits are `.path = value` or `del(.path)`)");
        p.SkipSpace();
        if (p.Done) throw p.Fail("the value after `=` is missing");
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(p.Rest, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ResourceValidationException($"the value after `=` is not one JSON value ({e.Message})");
        }
        return new JsonEdit(false, keys, value);
    }

    private static List<string> ParsePath(Cursor p)
    {
        if (!p.Take('.')) throw p.Fail("an edit starts with `.` (such as `.a.b = 1`) or `del(`");
        var keys = new List<string>();
        while (true)
        {
            p.SkipSpace();
            keys.Add(p.Peek == '[' ? BracketKey(p) : Name(p));
            p.SkipSpace();
            if (p.Peek == '.') p.Take('.');
            else if (p.Peek != '[') return keys;
        }
    }

    private static string Name(Cursor p)
    {
        var start = p.Position;
        if (p.Done || !(char.IsAsciiLetter(p.Peek) || p.Peek == '_')) throw p.Fail("expected a member name (letters, digits and `_`) or `[\"name\"]`");
        while (!p.Done && (char.IsAsciiLetterOrDigit(p.Peek) || p.Peek == '_')) p.Take(p.Peek);
        return p.Text[start..p.Position];
    }

    private static string BracketKey(Cursor p)
    {
        p.Take('[');
        p.SkipSpace();
        if (p.Peek != '"') throw p.Fail("a bracketed member name must be a JSON string, such as [\"host-01\"]");
        var start = p.Position;
        p.Take('"');
        var escaped = false;
        while (true)
        {
            if (p.Done) throw p.Fail("the bracketed member name is not closed with `\"`");
            var c = p.Peek;
            p.Take(c);
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') break;
        }
        string? key;
        try
        {
            key = JsonNode.Parse(p.Text[start..p.Position])?.GetValue<string>();
        }
        catch (JsonException)
        {
            throw p.Fail("the bracketed member name is not a valid JSON string");
        }
        if (string.IsNullOrEmpty(key)) throw p.Fail("a member name cannot be empty");
        p.SkipSpace();
        if (!p.Take(']')) throw p.Fail("expected `]` after the bracketed member name");
        return key;
    }

    /// <summary>Applies the edit to <paramref name="root"/>; throws <see cref="InvalidDataException"/> when the path crosses a non-object.</summary>
    public void ApplyTo(JsonObject root)
    {
        var parent = root;
        foreach (var key in Keys.Take(Keys.Count - 1))
        {
            if (!parent.TryGetPropertyValue(key, out var child))
            {
                if (Delete) return;
                child = new JsonObject();
                parent[key] = child;
            }
            parent = child as JsonObject ?? throw new InvalidDataException($"the member `{key}` is not a JSON object, so the path cannot go through it");
        }
        var leaf = Keys[^1];
        if (Delete) parent.Remove(leaf);
        else parent[leaf] = Value?.DeepClone();
    }

    /// <summary>A position in the text of an edit.</summary>
    private sealed class Cursor(string text)
    {
        public string Text { get; } = text;

        public int Position { get; private set; }

        public bool Done => Position >= Text.Length;

        public char Peek => Done ? '\0' : Text[Position];

        public string Rest => Text[Position..];

        public bool Take(char c)
        {
            if (Peek != c || Done) return false;
            Position++;
            return true;
        }

        public bool Take(string word)
        {
            if (!Text.AsSpan(Position).StartsWith(word, StringComparison.Ordinal)) return false;
            Position += word.Length;
            return true;
        }

        public void SkipSpace()
        {
            while (!Done && Peek is ' ' or '\t' or '\n' or '\r') Position++;
        }

        public ResourceValidationException Fail(string message) => new($"{message} (at character {Position + 1} of `{Text}`)");
    }
}
