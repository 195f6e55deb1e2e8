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
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxSourceBytes)
        {
            throw new YamlLoadException(1, 1,
                $"the file is larger than the {InputLimits.Describe(InputLimits.MaxSourceBytes)} a source file may hold; split it into smaller files");
        }
        var scanner = new Scanner(new StringReader(text));
        var parser = new DepthLimitedParser(new YamlDotNet.Core.Parser(scanner));
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
            throw new YamlLoadException(e.Start.Line, e.Start.Column, $"this is not valid YAML: {Describe(e)}; check the indentation and quoting here");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The library failed without saying where: the scanner's position is where it stopped reading.
            var at = scanner.CurrentPosition;
            throw new YamlLoadException(at.Line, at.Column, "this is not valid YAML: the YAML reader cannot make sense of the text here; check the indentation and quoting");
        }
    }

    // YamlDotNet prefixes its messages with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is given apart.
    private static string Describe(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0) message = message[(cut + 3)..];
        return message.TrimEnd('.');
    }

    /// <summary>Passes events through, counting open lists and mappings; past the limit it stops with an error.</summary>
    private sealed class DepthLimitedParser(IParser inner) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
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
