using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Mgmt.Lang.Syntax.Limits;

/// <summary>
/// Loads YAML text into YamlDotNet's document model with the front ends' limits: at most
/// <see cref="InputLimits.MaxYamlNesting"/> nested lists and mappings (YamlDotNet loads nodes recursively, so a
/// deeper document would exhaust the call stack), and every exception of the YAML library, also those that are
/// not <see cref="YamlException"/>s (some malformed inputs make its scanner fail with an
/// <see cref="InvalidOperationException"/> or an <see cref="ArgumentException"/>), becomes a
/// <see cref="YamlLoadException"/> with a position.
/// </summary>
public static class YamlLoader
{
    /// <summary>The documents of <paramref name="text"/>; throws <see cref="YamlLoadException"/> for any mistake.</summary>
    public static YamlStream Load(string text)
    {
        var parser = OpenParser(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
            return stream;
        }
        catch (YamlLoadException)
        {
            throw;
        }
        catch (YamlException e)
        {
            throw Invalid(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlLoadException(at.Line, at.Column, "this is not valid YAML: the YAML reader cannot make sense of the text here; check the indentation and quoting");
        }
    }

    /// <summary>
    /// The parsing events of <paramref name="text"/>, for a reader that walks the document without building its
    /// tree. Enforces the same limits as <see cref="Load"/>: every mistake, from the text's size to the nesting
    /// depth and the library's own failures, comes out of <see cref="IParser.MoveNext"/> as a
    /// <see cref="YamlLoadException"/>.
    /// </summary>
    public static IParser OpenParser(string text, int maxBytes = InputLimits.MaxSourceBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxBytes)
        {
            throw new YamlLoadException(1, 1, InputLimits.TooLarge(maxBytes));
        }
        var scanner = new Scanner(new StringReader(text));
        return new CheckedParser(new YamlDotNet.Core.Parser(scanner), scanner);
    }

    /// <summary>A <see cref="YamlException"/> as the message users see.</summary>
    public static YamlLoadException Invalid(YamlException e) =>
        new(e.Start.Line, e.Start.Column, $"this is not valid YAML: {Describe(e)}; check the indentation and quoting here");

    // YamlDotNet prefixes its messages with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is given apart.
    private static string Describe(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0) message = message[(cut + 3)..];
        return message.TrimEnd('.');
    }

    /// <summary>
    /// Passes events through, counting open lists and mappings (past the limit it stops with an error), and turns
    /// every failure of the library into a <see cref="YamlLoadException"/>.
    /// </summary>
    private sealed class CheckedParser(IParser inner, Scanner scanner) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                if (!inner.MoveNext()) return false;
            }
            catch (YamlException e)
            {
                throw Invalid(e);
            }
            catch (Exception e) when (e is not (OutOfMemoryException or YamlLoadException))
            {
                // The library failed without saying where: the scanner's position is where it stopped reading.
                var at = scanner.CurrentPosition;
                throw new YamlLoadException(at.Line, at.Column, "this is not valid YAML: the YAML reader cannot make sense of the text here; check the indentation and quoting");
            }
            switch (inner.Current)
            {
                case SequenceStart or MappingStart:
                    if (++_depth > InputLimits.MaxYamlNesting)
                    {
                        var at = inner.Current.Start;
                        throw new YamlLoadException(at.Line, at.Column,
                            $"lists and mappings nest more than {InputLimits.MaxYamlNesting} levels deep here; a graph never needs that many");
                    }
                    break;
                case SequenceEnd or MappingEnd:
                    _depth--;
                    break;
            }
            return true;
        }
    }
}

/// <summary>A YAML text that cannot be loaded: the message, and the 1-based line and column where the problem is.</summary>
public sealed class YamlLoadException(long line, long column, string message) : Exception(message)
{
    /// <summary>1-based line (at least 1).</summary>
    public int Line { get; } = (int)Math.Clamp(line, 1, int.MaxValue);

    /// <summary>1-based column (at least 1).</summary>
    public int Column { get; } = (int)Math.Clamp(column, 1, int.MaxValue);
}
