using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mgmt.Engine.Resources;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>json:edit</c>: keeps some members of a JSON document at given values (or absent), leaving the rest of the
/// document alone. The document is a local file or a cluster-wide string of the world (<see cref="Store"/>, the
/// resource's name by default); the edits (<see cref="Edits"/>) are applied in order, and written back as one
/// change only when they change something.
/// </summary>
/// <remarks>
/// A file must exist and hold a JSON object; it is rewritten atomically, keeping its mode and owner, with tabs for
/// indentation and the members in their order. A world string that does not exist yet counts as <c>{}</c>. Edits
/// from resources of one agent are applied one at a time; agents editing the same world document at the same moment
/// can still overwrite each other's change (the world has no compare-and-swap yet). See docs/resources/json-edit.md.
/// </remarks>
[ResourceKind("json:edit")]
public sealed partial class JsonEditResource : Resource, IEdgeable
{
    private JsonEditStore? _store;
    private List<JsonEdit>? _edits;
    private IWorld? _world;
    private CancellationToken _stopping;
    private readonly KeyedLocks _ownLocks = new(); // only when the host shares none (a resource driven alone)

    /// <summary>Where the document is: <c>/path</c>, <c>file:///path</c> or <c>etcd:///key</c>; the resource's name when empty.</summary>
    [Param("store")]
    public string Store { get; set; } = "";

    /// <summary>The edits, such as <c>.server.state = "ready"</c> or <c>del(.server.legacy)</c>, applied in order.</summary>
    [Param("edits")]
    public List<string> Edits { get; set; } = [];

    /// <summary>The store handle actually used.</summary>
    public string EffectiveStore => Store.Length > 0 ? Store : Name;

    public override void Validate()
    {
        _store = JsonEditStore.Parse(EffectiveStore);
        if (Edits.Count == 0) throw new ResourceValidationException("edits is empty: give at least one edit, such as `.key = \"value\"`");
        _edits = [.. Edits.Select((e, i) => ParseEdit(e, i))];
    }

    private static JsonEdit ParseEdit(string text, int index)
    {
        try
        {
            return JsonEdit.Parse(text);
        }
        catch (ResourceValidationException e)
        {
            throw new ResourceValidationException($"edit #{index}: {e.Message}");
        }
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        if (_store is null) Validate();
        if (_store!.IsWorld) _world = ClusterWorld.Require(context, Kind);
    }

    private JsonEditStore TheStore => _store ?? throw new InvalidOperationException($"{this} used before Init");

    public override async Task WatchAsync(CancellationToken cancel)
    {
        _stopping = cancel;
        if (!TheStore.IsWorld)
        {
            await new SystemWatch().File(TheStore.Location).RunAsync(Context, TheStore.Location, cancel).ConfigureAwait(false);
            return;
        }
        var running = false;
        try
        {
            await foreach (var _ in _world!.WatchStringAsync(TheStore.Location, cancel).ConfigureAwait(false))
            {
                if (!running)
                {
                    Context.Running();
                    running = true;
                }
                Context.Event();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        // One document, one editor at a time within this agent: two resources editing it would lose each other's change.
        var locks = Context.Services.GetService(typeof(KeyedLocks)) as KeyedLocks ?? _ownLocks;
        using var turn = await locks.TakeAsync("json:edit " + TheStore, cancel).ConfigureAwait(false);
        var text = await ReadAsync(cancel).ConfigureAwait(false);
        var root = Decode(text);
        var before = root.DeepClone();
        foreach (var (edit, index) in _edits!.Select((e, i) => (e, i)))
        {
            try
            {
                edit.ApplyTo(root);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"edit #{index} ({Edits[index]}) cannot be applied to {TheStore}: {e.Message}");
            }
        }
        if (JsonNode.DeepEquals(before, root)) return true;
        if (!apply) return false;
        await WriteAsync(Encode(root), cancel).ConfigureAwait(false);
        JsonEditLog.Applied(Context.Logger, Edits.Count, TheStore.ToString());
        return false;
    }

    private JsonObject Decode(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{TheStore} does not hold valid JSON ({e.Message}); fix or replace the document");
        }
        var root = node as JsonObject ?? throw new InvalidDataException($"{TheStore} holds a JSON {Describe(node)}, but json:edit edits the members of an object");
        try
        {
            // A document with a member twice cannot be edited safely: say so instead of picking one.
            _ = root.Count;
            foreach (var _ in root)
            {
            }
        }
        catch (ArgumentException)
        {
            throw new InvalidDataException($"{TheStore} holds an object with a member name twice; remove the duplicate first");
        }
        return root;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        _ => "value",
    };

    /// <summary>The document with tabs for indentation and a final newline.</summary>
    private static string Encode(JsonObject root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
        {
            root.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("json:edit", Name)];

    // A file document comes after the file resource that makes it, and after its directory.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var store = _store ?? TryParse();
        if (store is null || store.IsWorld) return [];
        return [new AutoEdgeSeek([new ResourceUid("file", store.Location)], StopWhenFound: false)];
    }

    private JsonEditStore? TryParse()
    {
        try
        {
            return JsonEditStore.Parse(EffectiveStore);
        }
        catch (ResourceValidationException)
        {
            return null;
        }
    }
}

internal static partial class JsonEditLog
{
    [LoggerMessage(EventId = 6931, Level = LogLevel.Information, Message = "applied {Count} edit(s) to {Store}")]
    public static partial void Applied(ILogger logger, int count, string store);
}
