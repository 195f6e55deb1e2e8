using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Syntax.Limits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mgmt.Cli.FrontEnds.Yaml;

// Where each resource item of a good read lies in the file (YamlReadState), and the read of an edit that parses
// only the items whose text changed (ReadEdit).
internal sealed partial class YamlGraphReader
{
    private string _text = "";

    // What this read knows of where its items lie; null once anything makes the file unfit for reading in pieces.
    private Pieces? _pieces;

    private sealed class Pieces
    {
        public List<YamlItem> Items { get; } = [];
        public List<YamlList> Lists { get; } = [];
    }

    /// <summary>
    /// After a good <see cref="Read"/> asked to remember, of a file whose resource items can each be read on their
    /// own: where they lie, for <see cref="ReadEdit"/>; else null.
    /// </summary>
    public YamlReadState? State { get; private set; }

    private void BeginPieces(string text)
    {
        _text = text;
        _pieces = remember ? new Pieces() : null;
        if (!YamlReadState.PlainLines(text)) NoPieces("the file has line breaks other than \\n, or a directive");
    }

    private int StartList(ResourceDescriptor descriptor, SequenceStart start, long resourcesColumn, long kindColumn)
    {
        if (_pieces is null) return -1;
        if (start.Style != SequenceStyle.Block)
        {
            // A flow list may hold several items on a line: the file cannot be cut between them by lines.
            NoPieces("a list is written in flow style ([...])");
            return -1;
        }
        _pieces.Lists.Add(new YamlList(descriptor, start.Start.Column, LineStart(_text, start.Start.Index), start.Start.Line, resourcesColumn, kindColumn));
        return _pieces.Lists.Count - 1;
    }

    private void RecordItem(int list, YamlEventReader events, (string Kind, string Name) key, ItemDigest digest)
    {
        _pieces?.Items.Add(new YamlItem(list, LineEnd(_text, events.LastContentEnd), events.LastContentLine + 1, key, _resources[key].Resource, digest));
    }

    private void KeepState(YamlEventReader? events, ResourceGraph graph)
    {
        if (events is null || _errors.Count > 0) return;
        if (Warnings.Count > 0) NoPieces("the file has warnings");
        if (Collects.Count > 0) NoPieces("the file collects exported resources");
        if (events.SawAnchorOrAlias) NoPieces("the file has anchors or aliases");
        if (events.BlockScalars > 0) NoPieces("the file has block scalars (| or >)");
        if (_pieces is not null && _pieces.Items.Count != _resources.Count) NoPieces("some resources are not items of a streamed list");
        if (_pieces is null) return;
        var byKey = new Dictionary<(string Kind, string Name), Resource>(_pieces.Items.Count);
        foreach (var item in _pieces.Items) byKey[item.Key] = item.Resource;
        var edges = graph.Edges().Select(e => new YamlEdge((e.From.Kind, e.From.Name), (e.To.Kind, e.To.Name), e.Edge)).ToList();
        // The positions were taken in characters; the state counts bytes of UTF-8 (items and lists are each in the
        // order of the file, so one walk over the text converts each).
        var toBytes = new ByteOffsets(_text);
        for (var i = 0; i < _pieces.Items.Count; i++) _pieces.Items[i] = _pieces.Items[i] with { End = toBytes.Of(_pieces.Items[i].End) };
        toBytes = new ByteOffsets(_text);
        for (var i = 0; i < _pieces.Lists.Count; i++) _pieces.Lists[i] = _pieces.Lists[i] with { FirstLineStart = toBytes.Of(_pieces.Lists[i].FirstLineStart) };
        State = new YamlReadState(System.Text.Encoding.UTF8.GetBytes(_text), graph.Name, _pieces.Items, _pieces.Lists, byKey, edges);
    }

    // Converts character offsets of a text, taken in increasing order, to byte offsets of its UTF-8.
    private sealed class ByteOffsets(string text)
    {
        private long _chars;
        private long _bytes;

        public long Of(long chars)
        {
            if (chars < _chars) (_chars, _bytes) = (0, 0);
            _bytes += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan((int)_chars, (int)(chars - _chars)));
            _chars = chars;
            return _bytes;
        }
    }

    /// <summary>
    /// Reads <paramref name="text"/>, an edit of <paramref name="state"/>'s text, parsing only the items whose text
    /// changed; the others are the objects of the last read. Returns null, having changed nothing, when the edit
    /// cannot be read so: it touches anything but whole items of one list, the new items use anchors, aliases or
    /// block scalars, or they have any mistake or warning (the whole file is then read, which reports them as
    /// always). Otherwise the state (and the reusable resources given to this reader) now describe the new text.
    /// Given <paramref name="basis"/>, the graph last made from the state, the new graph is derived from it
    /// (<see cref="ResourceGraph.Derive"/>: only the changed resources and their edges are touched, and the engine
    /// can swap it from the change record); without it the whole graph is built from the state.
    /// </summary>
    public FrontEndResult? ReadEdit(YamlReadState state, ReadOnlySpan<byte> text, out GraphChange? change, ResourceGraph? basis = null)
    {
        change = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var old = state.Bytes;
        var prefix = old.CommonPrefixLength(text);
        if (prefix == old.Length && prefix == text.Length)
        {
            // Back to the last good text (after a broken edit): its graph again, every object as it was.
            change = new GraphChange([], [], [], EdgesChanged: false);
            ReusedCount = state.Items.Count;
            Derived = Fits(basis, state);
            return FrontEndResult.Of(Derived ? basis!.Derive() : state.BuildGraph());
        }
        var suffix = CommonSuffixLength(old, text, Math.Min(old.Length, text.Length) - prefix);
        var oldEnd = old.Length - suffix;
        var newEnd = text.Length - suffix;
        // A few bytes early: the change may begin inside a character (or just after a line break).
        var from = Math.Max(0, prefix - 3);
        if (!YamlReadState.PlainLines(text[from..newEnd])) return Whole<FrontEndResult>("the edit has another line break or a directive");
        if (!FindItems(state, prefix, oldEnd, out var first, out var last)) return Whole<FrontEndResult>("the edit is not within the items of one list");

        var delta = (long)text.Length - old.Length;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var piece = ReadPiece(state, text, first, last, delta);
            if (piece is null) return null;
            if (piece.Nodes.Count > 0)
            {
                var parsed = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = Commit(state, text, first, last, piece, prefix, oldEnd, newEnd, basis, out change);
                var done = System.Diagnostics.Stopwatch.GetTimestamp();
                Stages = $"compare and parse {Ms(started, parsed)} ms, commit and graph {Ms(parsed, done)} ms";
                return result;
            }
            // Nothing left in the piece (an item removed): read it with a neighbour, so that the list stays a list.
            var list = state.Items[first].List;
            if (last + 1 < state.Items.Count && state.Items[last + 1].List == list) last++;
            else if (first > 0 && state.Items[first - 1].List == list) first--;
            else return Whole<FrontEndResult>("the edit removes a list's only item");
        }
        return Whole<FrontEndResult>("the edit removes a list's only item");
    }

    /// <summary>
    /// The new items of a piece of the file (where each ends, as a byte offset in the file), and where the line of
    /// the list's first dash begins when it is in the piece (a byte offset, else -1) and that line's number.
    /// </summary>
    private sealed record Piece(List<(YNode Node, ItemDigest Digest, long End, long EndLine)> Nodes, long ListLineStart, long ListLine);

    // The first and last items whose pieces of the file together hold the changed characters [prefix, oldEnd).
    private static bool FindItems(YamlReadState state, int prefix, int oldEnd, out int first, out int last)
    {
        var items = state.Items;
        first = last = -1;
        if (items.Count == 0) return false;
        // The first item ending past the change's start; an insertion just after a list's last item belongs to it.
        var lo = 0;
        var hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (items[mid].End > prefix) hi = mid;
            else lo = mid + 1;
        }
        first = lo;
        if (first == items.Count || PieceStart(state, first).Index > prefix) first--;
        if (first < 0 || PieceStart(state, first).Index > prefix || items[first].End < prefix) return false;
        last = first;
        while (items[last].End < oldEnd)
        {
            if (last + 1 == items.Count || items[last + 1].List != items[first].List) return false;
            last++;
        }
        return true;
    }

    // Where an item's piece begins: after the line of the previous item's end, or at the line of its list's first dash.
    private static (long Index, long Line) PieceStart(YamlReadState state, int item)
    {
        var items = state.Items;
        if (item > 0 && items[item - 1].List == items[item].List) return (items[item - 1].End, items[item - 1].EndLine);
        var list = state.Lists[items[item].List];
        return (list.FirstLineStart, list.FirstLine);
    }

    /// <summary>Parses the new text of items first..last on its own; null when it is not a list of plain items like the old.</summary>
    private Piece? ReadPiece(YamlReadState state, ReadOnlySpan<byte> text, int first, int last, long delta)
    {
        var (start, line) = PieceStart(state, first);
        var end = state.Items[last].End + delta;
        var list = state.Lists[state.Items[first].List];
        var nodes = new List<(YNode, ItemDigest, long, long)>();
        try
        {
            // Only the piece (and the line after it) is decoded; the edit's bytes are all in it. A piece begins and
            // ends at the start of a line, never inside a character, and bytes that are not UTF-8 are refused here
            // (the whole read then says where).
            var body = Strict.GetString(text[(int)start..(int)end]);
            var bodyLength = body.Length;
            body += Strict.GetString(NextContentLine(text, (int)end));
            // The piece is parsed under two lines that open the mappings it lies in, at their columns, so that the
            // parser is in the state it is in at that point of the file (the same indentation levels, at the start
            // of a line, outside any flow collection). It is followed by the file's next line with content: how the
            // parser takes a line can depend on the indentation of the line after it (a dash out of place is
            // refused only when the next one is seen). Positions are counted in characters from the piece's start.
            var head = new string(' ', (int)list.ResourcesColumn - 1) + "resources:\n" + new string(' ', (int)list.KindColumn - 1) + "k:\n";
            var events = new YamlEventReader(head + body, -head.Length, line - 3);
            events.Expect<StreamStart>();
            if (!events.Expect<DocumentStart>().IsImplicit) return Whole<Piece>("the edited items start a document");
            events.Expect<MappingStart>();
            events.Expect<Scalar>();
            events.Expect<MappingStart>();
            events.Expect<Scalar>();
            var listLineStart = -1L;
            var listLine = 0L;
            if (events.Current is SequenceStart { Style: SequenceStyle.Block, Anchor.IsEmpty: true } sequence && sequence.Start.Index - head.Length < bodyLength)
            {
                // The same list: a block list whose dashes are in the same column as before.
                if (sequence.Start.Column != list.Column) return Whole<Piece>("the edited items are not a list like the old");
                var at = events.InFile(sequence.Start);
                listLineStart = start + Strict.GetByteCount(body.AsSpan(0, (int)LineStart(body, at.Index)));
                listLine = at.Line;
                events.Next();
                while (events.Current is not SequenceEnd && events.Current!.Start.Index - head.Length < bodyLength)
                {
                    events.BeginDigest(list.Descriptor.Kind);
                    var node = events.ReadNode();
                    if (events.EndDigest() is not { } digest) return Whole<Piece>("an edited item uses an alias");
                    var itemEnd = LineEnd(body, events.LastContentEnd);
                    if (itemEnd > bodyLength) return Whole<Piece>("an edited item runs past the edited lines");
                    nodes.Add((node, digest, start + Strict.GetByteCount(body.AsSpan(0, (int)itemEnd)), events.LastContentLine + 1));
                }
            }
            // All that follows must be the next line's: nothing of the piece may be outside the list's items.
            for (; events.Current is { } e; events.Next())
            {
                var content = e is AnchorAlias || (e is NodeEvent && e is not Scalar { Value: "", Style: ScalarStyle.Plain, Tag.IsEmpty: true });
                if ((content && e.Start.Index - head.Length < bodyLength) || e is DocumentStart || e is DocumentEnd { IsImplicit: false })
                {
                    return Whole<Piece>("the edited items are not a list like the old");
                }
            }
            if (events.SawAnchorOrAlias || events.BlockScalars > 0 || events.MaxDepth > InputLimits.MaxYamlNesting) return Whole<Piece>("an edited item has an anchor, an alias or a block scalar");
            return new Piece(nodes, listLineStart, listLine);
        }
        catch (Exception e) when (e is YamlLoadException or YamlInputException or System.Text.DecoderFallbackException)
        {
            return Whole<Piece>("the edited items are not valid YAML (or UTF-8) on their own");
        }
    }

    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The first line at or after `index` that is neither blank nor a comment, with its newline; empty at the end.
    private static ReadOnlySpan<byte> NextContentLine(ReadOnlySpan<byte> text, int index)
    {
        while (index < text.Length)
        {
            var newline = text[index..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? text.Length : index + newline + 1;
            var trimmed = text[index..lineEnd].TrimStart(" \t"u8);
            if (!trimmed.IsEmpty && trimmed[0] is not ((byte)'#' or (byte)'\n')) return text[index..lineEnd];
            index = lineEnd;
        }
        return [];
    }

    private FrontEndResult? Commit(YamlReadState state, ReadOnlySpan<byte> text, int first, int last, Piece piece,
        int prefix, int oldEnd, int newEnd, ResourceGraph? basis, out GraphChange? change)
    {
        change = null;
        // Checked before the state changes: the basis must be the graph of the state as it is now.
        var derive = Fits(basis, state);
        var descriptor = state.Lists[state.Items[first].List].Descriptor;
        var scratch = new ResourceGraph();
        var keys = new List<(string Kind, string Name)>(piece.Nodes.Count);
        foreach (var (node, digest, _, _) in piece.Nodes)
        {
            (string, string)? key = null;
            Collect(() => key = ReadResource(descriptor, node, scratch, digest));
            if (key is not { } k) return Whole<FrontEndResult>("an edited item has a mistake");
            keys.Add(k);
        }
        ValidateResources();
        // Any mistake or warning: the whole file is read, which reports it with everything else, as always. A
        // resource that cannot be handed over again (groupable) is not left in a state whose items are all reusable.
        if (_errors.Count > 0 || Warnings.Count > 0 || _reusable.Count != keys.Count) return Whole<FrontEndResult>("an edited item has a mistake or a warning, or is groupable");

        var removed = new HashSet<(string Kind, string Name)>();
        for (var i = first; i <= last; i++) removed.Add(state.Items[i].Key);
        foreach (var key in keys)
        {
            if (state.ByKey.ContainsKey(key) && !removed.Contains(key)) return Whole<FrontEndResult>("an edited item is defined twice");
        }
        var gone = removed.Where(k => !keys.Contains(k)).ToHashSet();
        if (gone.Count > 0 && state.Edges.Any(e => gone.Contains(e.From) || gone.Contains(e.To))) return Whole<FrontEndResult>("an edge names a removed resource");

        // Everything is read and checked: the state becomes the new text's.
        var added = new List<(string, string)>();
        var replaced = new List<(string, string)>();
        var list = state.Items[first].List;
        var oldItems = state.Items.GetRange(first, last - first + 1);
        var newItems = new List<YamlItem>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var (_, digest, end, endLine) = piece.Nodes[i];
            var resource = _resources[keys[i]].Resource;
            newItems.Add(new YamlItem(list, end, endLine, keys[i], resource, digest));
            if (!state.ByKey.TryGetValue(keys[i], out var was)) added.Add(keys[i]);
            else if (!ReferenceEquals(was, resource)) replaced.Add(keys[i]);
        }
        foreach (var item in oldItems)
        {
            state.ByKey.Remove(item.Key);
            previous?.Forget(item.Digest);
        }
        foreach (var item in newItems)
        {
            state.ByKey[item.Key] = item.Resource;
            previous?.Add(item.Digest, item.Resource);
        }

        var chars = (long)newEnd - oldEnd;
        var lines = (long)text[prefix..newEnd].Count((byte)'\n') - state.Bytes[prefix..oldEnd].Count((byte)'\n');
        state.Items.RemoveRange(first, last - first + 1);
        state.Items.InsertRange(first, newItems);
        for (var i = first + newItems.Count; i < state.Items.Count; i++) state.Items[i] = state.Items[i].Moved(chars, lines);
        for (var i = 0; i < state.Lists.Count; i++)
        {
            var l = state.Lists[i];
            if (i == list && PieceWasFirst(state, first, list)) state.Lists[i] = l with { FirstLineStart = piece.ListLineStart, FirstLine = piece.ListLine };
            else if (l.FirstLineStart >= oldEnd) state.Lists[i] = l with { FirstLineStart = l.FirstLineStart + chars, FirstLine = l.FirstLine + lines };
        }
        state.SetBytes(text);
        ReusedCount = newItems.Count(i => !added.Contains(i.Key) && !replaced.Contains(i.Key)) + state.Items.Count - newItems.Count;
        change = new GraphChange(added, [.. gone], replaced, EdgesChanged: false);
        var graph = derive ? DeriveGraph(state, basis!, oldItems, newItems) : null;
        Derived = graph is not null;
        return FrontEndResult.Of(graph ?? state.BuildGraph());
    }

    /// <summary>True when the last <see cref="ReadEdit"/> derived its graph from the basis it was given.</summary>
    public bool Derived { get; private set; }

    // Whether `basis` can be the graph the next one derives from: made from this state (same name, one vertex per
    // item; the objects themselves are checked as they are removed). Anything else and the graph is built whole.
    private static bool Fits(ResourceGraph? basis, YamlReadState state) =>
        basis is not null && basis.Name == state.GraphName && basis.VertexCount == state.Items.Count && basis.Bindings.Count == 0;

    /// <summary>
    /// The next graph, derived from <paramref name="basis"/> (the state's graph before the edit): the old objects
    /// of the edited items that are not in the state any more leave (with their edges), the new objects join at the
    /// end of the order, and the declared edges of those are added again. Null when the basis turns out not to be
    /// the state's graph (then the caller builds the graph whole; the basis is only frozen, never changed).
    /// </summary>
    private static ResourceGraph? DeriveGraph(YamlReadState state, ResourceGraph basis, List<YamlItem> oldItems, List<YamlItem> newItems)
    {
        var next = basis.Derive();
        foreach (var item in oldItems)
        {
            if (state.ByKey.TryGetValue(item.Key, out var now) && ReferenceEquals(now, item.Resource)) continue;
            if (!next.RemoveVertex(item.Resource)) return null;
        }
        var joined = new List<(string Kind, string Name)>();
        foreach (var item in newItems)
        {
            if (next.AddVertex(item.Resource)) joined.Add(item.Key);
            else if (!ReferenceEquals(state.ByKey[item.Key], item.Resource)) return null;
        }
        foreach (var key in joined)
        {
            foreach (var edge in state.EdgesOf(key)) next.AddEdge(state.ByKey[edge.From], state.ByKey[edge.To], edge.Edge);
        }
        return next.VertexCount == state.Items.Count ? next : null;
    }

    /// <summary>How long the stages of the last <see cref="ReadEdit"/> took (for the debug log).</summary>
    public string? Stages { get; private set; }

    private static string Ms(long from, long to) => System.Diagnostics.Stopwatch.GetElapsedTime(from, to).TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why this read left no <see cref="State"/> (for the debug log).</summary>
    public string? WhyNoState { get; private set; }

    private void NoPieces(string why)
    {
        if (_pieces is null) return;
        _pieces = null;
        WhyNoState = why;
    }

    /// <summary>Why the last <see cref="ReadEdit"/> could not read the edit in part (for the debug log).</summary>
    public string? WhyWhole { get; private set; }

    private T? Whole<T>(string why) where T : class
    {
        WhyWhole = why;
        return null;
    }

    private static bool PieceWasFirst(YamlReadState state, int first, int list) => first == 0 || state.Items[first - 1].List != list;

    private static long LineStart(string text, long index) => index == 0 ? 0 : text.LastIndexOf('\n', (int)index - 1) + 1;

    // Just past the newline that ends the line holding `index`, or the end of the text.
    private static long LineEnd(string text, long index)
    {
        if (index >= text.Length) return text.Length;
        var newline = text.IndexOf('\n', (int)index);
        return newline < 0 ? text.Length : newline + 1;
    }

    // How many bytes the two texts have in common at their ends, at most `max`: compared a block at a time.
    private static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int max)
    {
        const int block = 256;
        var same = 0;
        while (same + block <= max && a.Slice(a.Length - same - block, block).SequenceEqual(b.Slice(b.Length - same - block, block))) same += block;
        while (same < max && a[a.Length - same - 1] == b[b.Length - same - 1]) same++;
        return same;
    }
}
