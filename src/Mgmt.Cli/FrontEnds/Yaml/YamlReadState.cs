using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// What a good read of a YAML graph leaves for the next edit to be read in part (<see cref="YamlGraphReader.ReadEdit"/>):
/// the text in UTF-8 (positions are byte offsets, so that an edit is compared and decoded only where it changed), where each resource item of the streamed lists ends, each item's resource and digest, and the edges by
/// the names of their ends. Only made for files whose items can each be read on their own: no anchor or alias, no
/// <c>collect:</c>, no warning, no block scalar, no resource that must be read again each time (groupable), no line
/// break other than <c>\n</c> and no directive.
/// </summary>
internal sealed class YamlReadState
{
    public YamlReadState(byte[] bytes, string graphName, List<YamlItem> items, List<YamlList> lists,
        Dictionary<(string Kind, string Name), Resource> byKey, List<YamlEdge> edges)
    {
        _bytes = bytes;
        _length = bytes.Length;
        GraphName = graphName;
        Items = items;
        Lists = lists;
        ByKey = byKey;
        Edges = edges;
    }

    // The text that was read, in UTF-8 without a byte order mark: the first _length bytes. An edit read in part
    // copies the new text over it (growing it only when the file grew past it): no new array per edit.
    private byte[] _bytes;
    private int _length;

    /// <summary>The text that was read, in UTF-8.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    /// <summary>Makes <paramref name="text"/> the state's text.</summary>
    public void SetBytes(ReadOnlySpan<byte> text)
    {
        if (text.Length > _bytes.Length) _bytes = new byte[Math.Max(text.Length, _bytes.Length + _bytes.Length / 8)];
        text.CopyTo(_bytes);
        _length = text.Length;
    }

    /// <summary>The graph's name (<c>graph:</c>, else the file's name).</summary>
    public string GraphName { get; }

    /// <summary>Every resource item of the streamed lists, in the order of the file.</summary>
    public List<YamlItem> Items { get; }

    /// <summary>The streamed lists, by <see cref="YamlItem.List"/>.</summary>
    public List<YamlList> Lists { get; }

    /// <summary>Every resource, by kind and name.</summary>
    public Dictionary<(string Kind, string Name), Resource> ByKey { get; }

    /// <summary>The edges as declared, by the names of their ends, in the order they were added.</summary>
    public List<YamlEdge> Edges { get; }

    // The indices in Edges of the edges at each end, made on first use. A read in part never changes the declared
    // edges (an edit of them is read whole, into a new state), so this stays true for the state's life.
    private Dictionary<(string Kind, string Name), List<int>>? _edgesByEnd;

    /// <summary>The declared edges from or to the resource <paramref name="key"/>.</summary>
    public IEnumerable<YamlEdge> EdgesOf((string Kind, string Name) key)
    {
        if (_edgesByEnd is null)
        {
            _edgesByEnd = [];
            for (var i = 0; i < Edges.Count; i++)
            {
                At(Edges[i].From).Add(i);
                if (Edges[i].To != Edges[i].From) At(Edges[i].To).Add(i);
            }
        }
        return _edgesByEnd.TryGetValue(key, out var found) ? found.Select(i => Edges[i]) : [];

        List<int> At((string, string) end) =>
            _edgesByEnd.TryGetValue(end, out var list) ? list : _edgesByEnd[end] = [];
    }

    /// <summary>A graph of the resources in the order of the file, with the declared edges.</summary>
    public ResourceGraph BuildGraph()
    {
        var graph = new ResourceGraph { Name = GraphName };
        foreach (var item in Items) graph.AddVertex(item.Resource);
        foreach (var edge in Edges) graph.AddEdge(ByKey[edge.From], ByKey[edge.To], edge.Edge);
        return graph;
    }

    /// <summary>
    /// Whether the text breaks lines only with <c>\n</c> (YAML also breaks them at <c>\r</c> and a few other
    /// characters, which the line arithmetic here does not count), has no byte order mark inside and no directive
    /// line (<c>%TAG</c>) that could give a piece read alone another meaning.
    /// </summary>
    public static bool PlainLines(ReadOnlySpan<char> text) =>
        text.IndexOfAny(OddBreaks) < 0 && !text.StartsWith("%") && text.IndexOf("\n%") < 0;

    private static readonly System.Buffers.SearchValues<char> OddBreaks =
        System.Buffers.SearchValues.Create("\r\u0085\u2028\u2029\uFEFF");

    /// <summary>
    /// <see cref="PlainLines(ReadOnlySpan{char})"/> of UTF-8 text. A span cut inside a character may miss one of
    /// those breaks at its start: callers begin it a few bytes early.
    /// </summary>
    public static bool PlainLines(ReadOnlySpan<byte> text) =>
        text.IndexOf((byte)'\r') < 0 && text.IndexOf("\u0085"u8) < 0 && text.IndexOf("\u2028"u8) < 0 && text.IndexOf("\u2029"u8) < 0
        && text.IndexOf("\uFEFF"u8) < 0 && !text.StartsWith("%"u8) && text.IndexOf("\n%"u8) < 0;
}

/// <summary>
/// One resource item: its list, the byte offset just past the line where its text ends (where the next item's piece of
/// the file begins), that line's number plus one, its resource and the digest of its text.
/// </summary>
internal readonly record struct YamlItem(int List, long End, long EndLine, (string Kind, string Name) Key, Resource Resource, ItemDigest Digest)
{
    public YamlItem Moved(long chars, long lines) => this with { End = End + chars, EndLine = EndLine + lines };
}

/// <summary>
/// A streamed block list of one kind: the column of its dashes, where (byte offset) the line of its first dash begins (its first
/// item's piece of the file starts there) and that line's number, and the columns of the keys it is the value of
/// (<c>resources:</c> and the kind).
/// </summary>
internal sealed record YamlList(ResourceDescriptor Descriptor, long Column, long FirstLineStart, long FirstLine, long ResourcesColumn, long KindColumn);

/// <summary>A declared edge by the names of its ends.</summary>
internal readonly record struct YamlEdge((string Kind, string Name) From, (string Kind, string Name) To, Edge Edge);

/// <summary>
/// What one read changed in the graph relative to the last good one: resources added, removed and replaced (a new
/// object for the same kind and name), and whether the declared edges changed (by the names of their ends, their
/// names and notify flags). A resource handed over as the same object is in none of the lists.
/// </summary>
internal sealed record GraphChange(
    IReadOnlyList<(string Kind, string Name)> Added,
    IReadOnlyList<(string Kind, string Name)> Removed,
    IReadOnlyList<(string Kind, string Name)> Replaced,
    bool EdgesChanged)
{
    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/>, compared whole.</summary>
    public static GraphChange Between(ResourceGraph before, ResourceGraph after)
    {
        var old = new Dictionary<(string, string), Resource>(before.VertexCount);
        foreach (var r in before.Vertices) old[(r.Kind, r.Name)] = r;
        List<(string, string)> added = [], replaced = [];
        var kept = 0;
        foreach (var r in after.Vertices)
        {
            var key = (r.Kind, r.Name);
            if (!old.TryGetValue(key, out var was)) added.Add(key);
            else
            {
                kept++;
                if (!ReferenceEquals(was, r)) replaced.Add(key);
            }
        }
        List<(string, string)> removed = [];
        if (kept < old.Count)
        {
            var now = after.Vertices.Select(r => (r.Kind, r.Name)).ToHashSet();
            removed.AddRange(old.Keys.Where(k => !now.Contains(k)));
        }
        return new GraphChange(added, removed, replaced, !SameEdges(before, after));
    }

    private static bool SameEdges(ResourceGraph before, ResourceGraph after)
    {
        static HashSet<(string, string, string, string, string, bool)> Of(ResourceGraph g) =>
            g.Edges().Select(e => (e.From.Kind, e.From.Name, e.To.Kind, e.To.Name, e.Edge.Name, e.Edge.Notify)).ToHashSet();
        return Of(before).SetEquals(Of(after));
    }
}
