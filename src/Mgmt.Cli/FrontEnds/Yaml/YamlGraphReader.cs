using Mgmt.Cli.CommandLine;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Syntax.Limits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Reads the reference's YAML graph format into a <see cref="ResourceGraph"/>:
/// <code>
/// graph: name
/// comment: free text
/// resources:
///   KIND:
///     - name: NAME
///       PARAM: value
///       meta: {retry: 3}
/// edges:
///   - {from: {kind: KIND, name: NAME}, to: {kind: KIND, name: NAME}, notify: true}
/// </code>
/// Everything is checked before a graph is returned: kinds, parameter names and types, meta parameters,
/// duplicate names, edge ends, cycles and each resource's own validation. Problems come back as diagnostics
/// with the file, line and column; several are reported at once when they are independent.
/// A resource whose name starts with <c>@@</c> is exported to every host instead of run here, and
/// <c>collect: [{kind: KIND, pattern: DIR}]</c> takes exported resources in (see <see cref="YamlCollection"/>).
/// Parameters the reference has dropped (<see cref="DroppedParams"/>) are warnings, so that old graphs still run.
/// <para>
/// The file is read from the parser's events one resource at a time (no tree of the whole file). Given the
/// <see cref="ReusableResources"/> of the last good read, a resource written exactly as then is that same object,
/// not a new one, so that the engine can keep it without comparing its parameters.
/// </para>
/// </summary>
/// <param name="registry">The resource kinds.</param>
/// <param name="file">The file's name, for messages.</param>
/// <param name="previous">What the last good read left to reuse, or null.</param>
/// <param name="remember">Whether to keep this read's resources for the next one (<see cref="Reusable"/>): only
/// worth its memory and hashing when the file is watched.</param>
internal sealed partial class YamlGraphReader(ResourceRegistry registry, string file, ReusableResources? previous = null, bool remember = false)
{
    private const int MaxErrors = 50;
    private static readonly string[] TopLevelKeys = ["graph", "comment", "resources", "edges", "collect", "remote"];

    /// <summary>The prefix of an exported resource's name.</summary>
    internal const string ExportPrefix = "@@";

    private readonly List<SourceDiagnostic> _errors = [];

    /// <summary>What the file's <c>collect:</c> asks for (after <see cref="Read"/>).</summary>
    public List<YamlCollect> Collects { get; } = [];

    /// <summary>Mistakes that do not stop the graph (a parameter mgmt dropped), after <see cref="Read"/>.</summary>
    public List<SourceDiagnostic> Warnings { get; } = [];

    public FrontEndResult Read(string text)
    {
        var graph = new ResourceGraph { Name = Path.GetFileNameWithoutExtension(file) };
        YamlEventReader? events = null;
        BeginPieces(text);
        try
        {
            events = new YamlEventReader(text);
            var edges = ReadDocument(events, graph);
            var edgeMarks = new Dictionary<(Resource, Resource), Mark>();
            foreach (var value in edges) Collect(() => ReadEdges(value, graph, edgeMarks));
            if (_errors.Count == 0) CheckAcyclic(graph, edgeMarks);
            ValidateResources();
        }
        catch (YamlLoadException e)
        {
            OnlyError(new YamlInputException(new Mark(0, e.Line, e.Column), e.Message));
        }
        catch (YamlInputException e)
        {
            _errors.Add(e.ToDiagnostic(file));
            // A mistake of the YAML itself further on is what the user must fix first.
            try
            {
                events?.SkipToEnd();
            }
            catch (YamlLoadException l)
            {
                OnlyError(new YamlInputException(new Mark(0, l.Line, l.Column), l.Message));
            }
        }
        KeepState(events, graph);
        KeepReusable();
        // Shown with the source line and a caret, as mcl errors are.
        return _errors.Count > 0
            ? FrontEndResult.Failed([.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).Select(e => e.WithSource(text))])
            : FrontEndResult.Of(graph);
    }

    /// <summary>
    /// Reads the one document of the text. The top-level mapping is streamed (so is <c>resources:</c>, see
    /// <see cref="StreamResources"/>); the values of the other keys are small and read whole. Returns the values
    /// of <c>edges:</c>, read once every resource is known.
    /// </summary>
    private List<YNode> ReadDocument(YamlEventReader events, ResourceGraph graph)
    {
        events.Expect<StreamStart>();
        if (events.Current is StreamEnd) throw Empty();
        events.Expect<DocumentStart>();
        var edges = new List<YNode>();
        if (events.AtPlain<MappingStart>())
        {
            events.Expect<MappingStart>();
            while (events.Current is not MappingEnd) ReadTopEntry(events.ReadNode(), events, null, graph, edges);
            events.Expect<MappingEnd>();
            events.Expect<DocumentEnd>();
            if (SecondDocument(events) is { } second) throw MoreThanOne(second);
            return edges;
        }
        // A top level that is not a plain mapping (empty, a list, or an anchored mapping) is read whole.
        NoPieces("the top level is not a plain mapping");
        var root = events.ReadNode();
        events.Expect<DocumentEnd>();
        var next = SecondDocument(events);
        if (YamlScalars.IsNull(root)) throw Empty();
        if (next is { } more) throw MoreThanOne(more);
        if (root is not YMap map)
        {
            throw new YamlInputException(root, "the top level must be a mapping with 'graph:', 'resources:' and 'edges:'");
        }
        foreach (var (key, value) in map.Children) ReadTopEntry(key, null, value, graph, edges);
        return edges;
    }

    /// <summary>Reads the rest of the text; the start of a second document's value, if there is one.</summary>
    private static Mark? SecondDocument(YamlEventReader events)
    {
        Mark? second = null;
        if (events.Current is DocumentStart)
        {
            events.Next();
            second = events.Current?.Start;
        }
        events.SkipToEnd();
        return second;
    }

    private static YamlInputException Empty() =>
        new(Mark.Empty, "the file is empty; it needs at least 'resources:' (see docs/yaml.md)");

    private static YamlInputException MoreThanOne(Mark at) =>
        new(at, "the file holds more than one YAML document (---); put one graph per file");

    /// <summary>
    /// One key of the top level. Its value comes from <paramref name="events"/> when streaming, else it is
    /// <paramref name="value"/>.
    /// </summary>
    private void ReadTopEntry(YNode keyNode, YamlEventReader? events, YNode? value, ResourceGraph graph, List<YNode> edges)
    {
        var key = KeyText(keyNode);
        if (key == "resources" && events is not null && events.AtPlain<MappingStart>())
        {
            StreamResources(events, graph, keyNode.Start.Column);
            return;
        }
        var v = value ?? events!.ReadNode();
        switch (key)
        {
            case "graph":
                Collect(() => graph.Name = ScalarText(v, "graph (the graph's name)"));
                break;
            case "comment":
                break;
            case "resources":
                if (!YamlScalars.IsNull(v)) NoPieces("resources: has an anchor or is an alias");
                Collect(() => ReadResources(v, graph));
                break;
            case "edges":
                edges.Add(v); // read after every resource is known
                break;
            case "collect":
                Collect(() => ReadCollects(v));
                break;
            case "remote":
                // Old graphs name hosts to run on. The reference reads and ignores the key (its YAML front end
                // no longer runs graphs remotely); so does this one, saying so. The value is never repeated:
                // such addresses often carry a password.
                Warnings.Add(new YamlInputException(keyNode,
                    "'remote' is ignored: graphs are not sent to other hosts from a YAML file (the reference ignores it too); " +
                    "start an agent over SSH with the remote resource instead (docs/resources/remote.md)").ToDiagnostic(file));
                break;
            default:
                var hint = CommandLineParser.Suggest(key, TopLevelKeys) is { } s ? $"did you mean '{s}'? " : "";
                Fail(keyNode, $"unknown top-level key '{key}'; {hint}the keys are {string.Join(", ", TopLevelKeys)}");
                break;
        }
    }

    /// <summary>A mistake of the YAML text itself: it replaces every other, as nothing else can be trusted.</summary>
    private void OnlyError(YamlInputException e)
    {
        _errors.Clear();
        Warnings.Clear();
        Collects.Clear();
        _errors.Add(e.ToDiagnostic(file));
    }

    private void Collect(Action read)
    {
        if (_errors.Count >= MaxErrors) return;
        try
        {
            read();
        }
        catch (YamlInputException e)
        {
            _errors.Add(e.ToDiagnostic(file));
        }
    }

    private void Report(YamlInputException e)
    {
        if (_errors.Count < MaxErrors) _errors.Add(e.ToDiagnostic(file));
    }

    private void Fail(YNode at, string message) => _errors.Add(new YamlInputException(at, message).ToDiagnostic(file));

    internal static YNode? Find(YMap map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YScalar s && s.Value == key).Value;

    internal static string KeyText(YNode key) =>
        key is YScalar s ? s.Value : throw new YamlInputException(key, "a key must be a plain word, not a list or mapping");

    private static string ScalarText(YNode node, string what) =>
        node is YScalar s && !YamlScalars.IsNull(s)
            ? s.Value
            : throw new YamlInputException(node, $"{what} must be a single value (text)");
}
