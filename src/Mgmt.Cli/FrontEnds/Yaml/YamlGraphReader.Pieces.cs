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
        _pieces = remember && YamlReadState.PlainLines(text) ? new Pieces() : null;
    }

    private int StartList(ResourceDescriptor descriptor, SequenceStart start)
    {
        if (_pieces is null) return -1;
        if (start.Style != SequenceStyle.Block)
        {
            // A flow list may hold several items on a line: the file cannot be cut between them by lines.
            _pieces = null;
            return -1;
        }
        _pieces.Lists.Add(new YamlList(descriptor, start.Start.Column, LineStart(_text, start.Start.Index), start.Start.Line));
        return _pieces.Lists.Count - 1;
    }

    private void RecordItem(int list, YamlEventReader events, (string Kind, string Name) key, ItemDigest digest)
    {
        _pieces?.Items.Add(new YamlItem(list, LineEnd(_text, events.LastContentEnd), events.LastContentLine + 1, key, _resources[key].Resource, digest));
    }

    private void KeepState(YamlEventReader? events, ResourceGraph graph)
    {
        if (_pieces is null || events is null || _errors.Count > 0 || Warnings.Count > 0 || Collects.Count > 0
            || events.SawAnchorOrAlias || events.BlockScalars > 0 || _pieces.Items.Count != _resources.Count)
        {
            return;
        }
        var byKey = new Dictionary<(string Kind, string Name), Resource>(_pieces.Items.Count);
        foreach (var item in _pieces.Items) byKey[item.Key] = item.Resource;
        var edges = graph.Edges().Select(e => new YamlEdge((e.From.Kind, e.From.Name), (e.To.Kind, e.To.Name), e.Edge)).ToList();
        State = new YamlReadState(_text, graph.Name, _pieces.Items, _pieces.Lists, byKey, edges);
    }

    /// <summary>
    /// Reads <paramref name="text"/>, an edit of <paramref name="state"/>'s text, parsing only the items whose text
    /// changed; the others are the objects of the last read. Returns null, having changed nothing, when the edit
    /// cannot be read so: it touches anything but whole items of one list, the new items use anchors, aliases or
    /// block scalars, or they have any mistake or warning (the whole file is then read, which reports them as
    /// always). Otherwise the state (and the reusable resources given to this reader) now describe the new text.
    /// </summary>
    public FrontEndResult? ReadEdit(YamlReadState state, string text, out GraphChange? change)
    {
        change = null;
        var old = state.Text;
        var prefix = old.AsSpan().CommonPrefixLength(text);
        if (prefix == old.Length && prefix == text.Length) return null;
        var suffix = CommonSuffixLength(old, text, Math.Min(old.Length, text.Length) - prefix);
        var oldEnd = old.Length - suffix;
        var newEnd = text.Length - suffix;
        var from = Math.Max(0, prefix - 1);
        if (!YamlReadState.PlainLines(text.AsSpan(from, newEnd - from))) return null;
        if (!FindItems(state, prefix, oldEnd, out var first, out var last)) return null;

        var delta = (long)text.Length - old.Length;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var piece = ReadPiece(state, text, first, last, delta);
            if (piece is null) return null;
            if (piece.Nodes.Count > 0) return Commit(state, text, first, last, piece, prefix, oldEnd, newEnd, out change);
            // Nothing left in the piece (an item removed): read it with a neighbour, so that the list stays a list.
            var list = state.Items[first].List;
            if (last + 1 < state.Items.Count && state.Items[last + 1].List == list) last++;
            else if (first > 0 && state.Items[first - 1].List == list) first--;
            else return null;
        }
        return null;
    }

    /// <summary>The new items of a piece of the file, and where the list's first dash is when it is in the piece.</summary>
    private sealed record Piece(List<(YNode Node, ItemDigest Digest, long End, long EndLine)> Nodes, Mark ListStart);

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
    private Piece? ReadPiece(YamlReadState state, string text, int first, int last, long delta)
    {
        var (start, line) = PieceStart(state, first);
        var end = state.Items[last].End + delta;
        var list = state.Lists[state.Items[first].List];
        var nodes = new List<(YNode, ItemDigest, long, long)>();
        try
        {
            var events = new YamlEventReader(text.Substring((int)start, (int)(end - start)), start, line - 1);
            events.Expect<StreamStart>();
            if (events.Current is StreamEnd) return new Piece(nodes, Mark.Empty);
            if (!events.Expect<DocumentStart>().IsImplicit) return null;
            // The same list: a block list whose dashes are in the same column, so that the lines after the piece go
            // on with it as before.
            if (events.Current is not SequenceStart { Style: SequenceStyle.Block, Anchor.IsEmpty: true } sequence
                || sequence.Start.Column != list.Column)
            {
                return null;
            }
            events.Next();
            while (events.Current is not SequenceEnd)
            {
                events.BeginDigest(list.Descriptor.Kind);
                var node = events.ReadNode();
                if (events.EndDigest() is not { } digest) return null;
                nodes.Add((node, digest, LineEnd(text, events.LastContentEnd), events.LastContentLine + 1));
            }
            events.Next();
            if (events.Current is not DocumentEnd { IsImplicit: true }) return null;
            events.Next();
            if (events.Current is not StreamEnd) return null;
            events.Next();
            // The file nests the list two levels deeper (the top mapping and resources:) than the piece alone.
            if (events.SawAnchorOrAlias || events.BlockScalars > 0 || events.MaxDepth + 2 > InputLimits.MaxYamlNesting) return null;
            return new Piece(nodes, events.InFile(sequence.Start));
        }
        catch (YamlLoadException)
        {
            return null;
        }
        catch (YamlInputException)
        {
            return null;
        }
    }

    private FrontEndResult? Commit(YamlReadState state, string text, int first, int last, Piece piece,
        int prefix, int oldEnd, int newEnd, out GraphChange? change)
    {
        change = null;
        var descriptor = state.Lists[state.Items[first].List].Descriptor;
        var scratch = new ResourceGraph();
        var keys = new List<(string Kind, string Name)>(piece.Nodes.Count);
        foreach (var (node, digest, _, _) in piece.Nodes)
        {
            (string, string)? key = null;
            Collect(() => key = ReadResource(descriptor, node, scratch, digest));
            if (key is not { } k) return null;
            keys.Add(k);
        }
        ValidateResources();
        // Any mistake or warning: the whole file is read, which reports it with everything else, as always. A
        // resource that cannot be handed over again (groupable) is not left in a state whose items are all reusable.
        if (_errors.Count > 0 || Warnings.Count > 0 || _reusable.Count != keys.Count) return null;

        var removed = new HashSet<(string Kind, string Name)>();
        for (var i = first; i <= last; i++) removed.Add(state.Items[i].Key);
        foreach (var key in keys)
        {
            if (state.ByKey.ContainsKey(key) && !removed.Contains(key)) return null; // defined twice: reported by the whole read
        }
        var gone = removed.Where(k => !keys.Contains(k)).ToHashSet();
        if (gone.Count > 0 && state.Edges.Any(e => gone.Contains(e.From) || gone.Contains(e.To))) return null;

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
        var lines = (long)text.AsSpan(prefix, newEnd - prefix).Count('\n') - state.Text.AsSpan(prefix, oldEnd - prefix).Count('\n');
        state.Items.RemoveRange(first, last - first + 1);
        state.Items.InsertRange(first, newItems);
        for (var i = first + newItems.Count; i < state.Items.Count; i++) state.Items[i] = state.Items[i].Moved(chars, lines);
        for (var i = 0; i < state.Lists.Count; i++)
        {
            var l = state.Lists[i];
            if (i == list && PieceWasFirst(state, first, list)) state.Lists[i] = l with { FirstLineStart = LineStart(text, piece.ListStart.Index), FirstLine = piece.ListStart.Line };
            else if (l.FirstLineStart >= oldEnd) state.Lists[i] = l with { FirstLineStart = l.FirstLineStart + chars, FirstLine = l.FirstLine + lines };
        }
        state.Text = text;
        ReusedCount = newItems.Count(i => !added.Contains(i.Key) && !replaced.Contains(i.Key)) + state.Items.Count - newItems.Count;
        change = new GraphChange(added, [.. gone], replaced, EdgesChanged: false);
        return FrontEndResult.Of(state.BuildGraph());
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

    // How many characters the two texts have in common at their ends, at most `max`: compared a block at a time.
    private static int CommonSuffixLength(string a, string b, int max)
    {
        const int block = 256;
        var same = 0;
        while (same + block <= max && a.AsSpan(a.Length - same - block, block).SequenceEqual(b.AsSpan(b.Length - same - block, block))) same += block;
        while (same < max && a[a.Length - same - 1] == b[b.Length - same - 1]) same++;
        return same;
    }
}
