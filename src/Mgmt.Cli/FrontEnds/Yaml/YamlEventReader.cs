using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mgmt.Lang.Syntax.Limits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Walks the parser's events of a YAML text and builds a <see cref="YNode"/> tree for one value at a time, so that
/// the graph reader can take a large file resource by resource. Anchors are kept for the whole document (an alias
/// may name one from an earlier resource). While a digest is open, every event read is also hashed: two values with
/// the same digest were written the same (same texts, quoting and tags, whatever their position in the file).
/// All mistakes of the text come out as <see cref="YamlLoadException"/>.
/// </summary>
internal sealed class YamlEventReader
{
    private readonly IParser _parser;
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private IncrementalHash? _digest;
    private bool _hashing;
    private bool _sawAlias;
    private readonly long _indexOffset;
    private readonly long _lineOffset;

    /// <summary>Reads <paramref name="text"/>, a whole file.</summary>
    public YamlEventReader(string text)
        : this(text, 0, 0)
    {
    }

    /// <summary>
    /// Reads a piece of a file that starts at the beginning of a line: <paramref name="indexOffset"/> characters and
    /// <paramref name="lineOffset"/> lines into the file. The values' positions are the file's (columns need no
    /// change, as the piece starts a line).
    /// </summary>
    public YamlEventReader(string text, long indexOffset, long lineOffset)
    {
        _indexOffset = indexOffset;
        _lineOffset = lineOffset;
        _parser = YamlLoader.OpenParser(text, InputLimits.MaxYamlGraphBytes);
        Next();
    }

    /// <summary>Whether any anchor or alias was read: a value may then stand for text written elsewhere.</summary>
    public bool SawAnchorOrAlias { get; private set; }

    /// <summary>How many block scalars (<c>|</c>, <c>&gt;</c>) were read: their end is not where their text ends.</summary>
    public int BlockScalars { get; private set; }

    /// <summary>The deepest nesting of lists and mappings reached.</summary>
    public int MaxDepth { get; private set; }

    /// <summary>The file index just past the last character of the last value read (a scalar, or a flow list's or mapping's closing bracket).</summary>
    public long LastContentEnd { get; private set; }

    /// <summary>The file line of <see cref="LastContentEnd"/>.</summary>
    public long LastContentLine { get; private set; }

    /// <summary>A position of the piece read as a position of the file.</summary>
    public Mark InFile(Mark at) =>
        _indexOffset == 0 && _lineOffset == 0 ? at : new Mark(at.Index + _indexOffset, at.Line + _lineOffset, at.Column);

    /// <summary>The event the reader stands on; null at the end of the text.</summary>
    public ParsingEvent? Current { get; private set; }

    /// <summary>How many lists and mappings the reader has entered and not yet left.</summary>
    public int Depth { get; private set; }

    /// <summary>Steps to the next event.</summary>
    public void Next()
    {
        if (Current is SequenceStart or MappingStart) MaxDepth = Math.Max(MaxDepth, ++Depth);
        else if (Current is SequenceEnd or MappingEnd) Depth--;
        Current = _parser.MoveNext() ? _parser.Current : null;
    }

    /// <summary>
    /// Skips events until the reader is back at <paramref name="depth"/>: after a mistake inside a list or mapping
    /// being streamed, the rest of it is left unread (but still checked for mistakes of the text).
    /// </summary>
    public void SkipTo(int depth)
    {
        while (Depth > depth && Current is not null) Next();
    }

    /// <summary>Reads the rest of the text, so that a mistake of the YAML itself further on is still found.</summary>
    public void SkipToEnd()
    {
        while (Current is not null) Next();
    }

    /// <summary>Skips the event the reader stands on, which must be of type <typeparamref name="T"/>.</summary>
    public T Expect<T>() where T : ParsingEvent
    {
        if (Current is not T e) throw Malformed(Current);
        Next();
        return e;
    }

    /// <summary>True when the reader stands on the start of a list or mapping with no anchor (one to stream).</summary>
    public bool AtPlain<T>() where T : NodeEvent => Current is T start && start.Anchor.IsEmpty;

    /// <summary>Reads the value the reader stands on, and steps past it.</summary>
    public YNode ReadNode()
    {
        var e = Current ?? throw Malformed(null);
        Next();
        Hash(e);
        if (e is AnchorAlias or NodeEvent { Anchor.IsEmpty: false }) SawAnchorOrAlias = true;
        var start = InFile(e.Start);
        YNode node;
        switch (e)
        {
            case AnchorAlias alias:
                _sawAlias = true;
                SetContentEnd(e.End.Index, e.End.Line);
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlLoadException(e.Start.Line, e.Start.Column,
                        $"this is not valid YAML: the alias *{alias.Value.Value} names no anchor defined before it");
            case Scalar s:
                node = new YScalar(start, s.Value, s.Style, s.Tag.IsEmpty ? "" : s.Tag.Value);
                if (s.Style is ScalarStyle.Literal or ScalarStyle.Folded) BlockScalars++;
                SetContentEnd(e.End.Index, e.End.Line);
                break;
            case SequenceStart sequence:
                var list = new YList(start);
                while (Current is not SequenceEnd) list.Children.Add(ReadNode());
                var listEnd = Expect<SequenceEnd>();
                Hash(listEnd);
                if (sequence.Style == SequenceStyle.Flow) SetContentEnd(listEnd.Start.Index + 1, listEnd.Start.Line);
                node = list;
                break;
            case MappingStart mapping:
                node = ReadMapping(start, mapping.Style == MappingStyle.Flow);
                break;
            default:
                throw Malformed(e);
        }
        if (e is NodeEvent { Anchor.IsEmpty: false } anchored) _anchors[anchored.Anchor.Value] = node;
        return node;
    }

    /// <summary>
    /// An event out of place: on some broken texts the parser hands out events that do not fit together before it
    /// notices the mistake. The parser's own error further on says best what is wrong; without one, the text is
    /// reported as not valid where the odd event is.
    /// </summary>
    private YamlLoadException Malformed(ParsingEvent? at)
    {
        try
        {
            SkipToEnd();
        }
        catch (YamlLoadException e)
        {
            return e;
        }
        var where = at?.Start ?? Mark.Empty;
        return new YamlLoadException(where.Line, where.Column,
            "this is not valid YAML: the YAML reader cannot make sense of the text here; check the indentation and quoting");
    }

    private void SetContentEnd(long index, long line)
    {
        LastContentEnd = index + _indexOffset;
        LastContentLine = line + _lineOffset;
    }

    private YMap ReadMapping(Mark start, bool flow)
    {
        var map = new YMap(start);
        HashSet<(string Tag, string Value)>? seen = null;
        while (Current is not MappingEnd)
        {
            var key = ReadNode();
            if (key is YScalar k && !(seen ??= []).Add((k.Tag, k.Value)))
            {
                throw new YamlLoadException(k.Start.Line, k.Start.Column, "this is not valid YAML: Duplicate key; check the indentation and quoting here");
            }
            map.Children.Add(KeyValuePair.Create(key, ReadNode()));
        }
        var end = Expect<MappingEnd>();
        Hash(end);
        // A flow mapping's end event stands on its closing brace; a block mapping's on whatever follows it.
        if (flow) SetContentEnd(end.Start.Index + 1, end.Start.Line);
        return map;
    }

    /// <summary>Starts hashing the events read from now on, after <paramref name="context"/> (such as the kind).</summary>
    public void BeginDigest(string context)
    {
        _digest ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hashing = true;
        _sawAlias = false;
        AppendText(context);
    }

    /// <summary>
    /// The digest of what was read since <see cref="BeginDigest"/>; null when it used an alias, whose value is
    /// written elsewhere in the file and so is not covered by the digest.
    /// </summary>
    public ItemDigest? EndDigest()
    {
        Span<byte> hash = stackalloc byte[32];
        _digest!.GetHashAndReset(hash);
        _hashing = false;
        return _sawAlias ? null : ItemDigest.From(hash);
    }

    private void Hash(ParsingEvent e)
    {
        if (!_hashing) return;
        var digest = _digest!;
        Span<byte> head = [Code(e), 0];
        switch (e)
        {
            case Scalar s:
                head[1] = (byte)s.Style;
                digest.AppendData(head);
                AppendText(s.Tag.IsEmpty ? "" : s.Tag.Value);
                AppendText(s.Value);
                break;
            case NodeEvent n:
                digest.AppendData(head);
                AppendText(n.Tag.IsEmpty ? "" : n.Tag.Value);
                break;
            default:
                digest.AppendData(head);
                break;
        }
    }

    private static byte Code(ParsingEvent e) => e switch
    {
        Scalar => 1,
        SequenceStart => 2,
        SequenceEnd => 3,
        MappingStart => 4,
        MappingEnd => 5,
        AnchorAlias => 6,
        _ => 0,
    };

    // Length first, so that two texts cannot run into each other ("ab" + "c" against "a" + "bc").
    private void AppendText(string text)
    {
        Span<byte> length = stackalloc byte[4];
        BitConverter.TryWriteBytes(length, text.Length);
        _digest!.AppendData(length);
        _digest.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
    }
}

/// <summary>The SHA-256 of how one resource was written, as a value that can key a dictionary.</summary>
internal readonly record struct ItemDigest(ulong A, ulong B, ulong C, ulong D)
{
    public static ItemDigest From(ReadOnlySpan<byte> hash) => new(
        BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]),
        BitConverter.ToUInt64(hash[16..24]), BitConverter.ToUInt64(hash[24..32]));
}
