using Mgmt.Engine.Resources;
using EngineValue = Mgmt.Engine.Values.Value;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server:ui:input</c>: one field of the web form of an <c>http:server:ui</c>. It starts with
/// <see cref="Value"/>; a value submitted through the form replaces it (kept in memory) and is sent as
/// <c>value</c> to send/recv receivers at once. <see cref="Path"/> names the ui it belongs to (the ui resource's
/// name); empty joins the only ui.
/// </summary>
/// <remarks>
/// <para>The engine groups this resource into the <c>http:server</c> that holds its ui (the engine's groups are one
/// level deep); the server then hands it to that ui. On its own it cannot be reached, and its check says so.</para>
/// <para>With <see cref="Store"/> <c>world://</c> the value lives in the world under a key (see
/// <c>HttpServerUiInputResource.Store.cs</c>): shared with <c>kv</c> resources and <c>world.getval</c>, and with the
/// same input on other hosts.</para>
/// </remarks>
[ResourceKind("http:server:ui:input")]
[Sends("value", "str")]
public sealed partial class HttpServerUiInputResource : Resource, ISendable, IGroupable
{
    private readonly Lock _lock = new();
    private string _value = "";   // the current value: the default, then the latest submitted; guarded by _lock
    private string? _sent;        // what the previous check sent; guarded by _lock
    private UiInputType _type = UiInputType.Text;

    /// <summary>The name of the http:server:ui this field belongs to; empty joins the only one.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The field's id in the form (public, unique within the ui); empty means the resource's name.</summary>
    [Param("id")]
    public string Id { get; set; } = "";

    /// <summary>The value the field starts with.</summary>
    [Param("value")]
    public string Value { get; set; } = "";

    /// <summary>Where to keep the value: <c>world://</c> (key: the name) or <c>world://?key=KEY</c>. Not with <see cref="Value"/>.</summary>
    [Param("store")]
    public string Store { get; set; } = "";

    /// <summary><c>text://</c> (the default) or <c>range://?min=..&amp;max=..&amp;step=..</c>.</summary>
    [Param("type")]
    public string Type { get; set; } = "text://";

    /// <summary>The key the fields of a ui are shown in order of (then by id).</summary>
    [Param("sort")]
    public string Sort { get; set; } = "";

    /// <summary>The id used in the form.</summary>
    public string EffectiveId => Id.Length > 0 ? Id : Name;

    /// <summary>The ui this field was handed to by its server, or null.</summary>
    internal HttpServerUiResource? Ui { get; set; }

    internal UiInputType FieldType => _type;

    public override void Validate()
    {
        if (EffectiveId.Any(char.IsControl)) throw new ResourceValidationException($"the id '{EffectiveId}' contains control characters; use a plain word");
        ValidateStore();
        UiInputType type;
        try
        {
            type = UiInputType.Parse(Type);
        }
        catch (FormatException e)
        {
            throw new ResourceValidationException(e.Message);
        }
        // Like the reference, a default that does not fit the type is kept (programs pass placeholders through it);
        // the check says so once. Values posted through the form are still held to the type.
        _ = type;
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _type = UiInputType.Parse(Type);
        lock (_lock)
        {
            _value = Value;
            _sent = Value; // starting with the default is not a change
        }
    }

    /// <summary>The value the form shows now.</summary>
    internal string Current
    {
        get
        {
            lock (_lock) return _value;
        }
    }

    /// <summary>
    /// Takes a value submitted through the form and wakes the graph; returns what is wrong with it instead when it
    /// does not fit the field. Called from the server's request handler.
    /// </summary>
    internal string? Submit(string value)
    {
        if (_type.Problem(value) is { } problem) return problem;
        lock (_lock)
        {
            _value = value;
            _storeEvent = false; // the web spoke last: the store follows
        }
        HttpLog.InputReceived(Context.Logger, EffectiveId, value);
        Context.Event();
        return null;
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (GroupParent is not (HttpServerResource or HttpServerUiResource) || Ui is null)
        {
            throw new InvalidOperationException(
                $"{this} is not part of any http:server:ui, so nothing can reach it; " +
                (Path.Length > 0
                    ? $"add http:server:ui \"{Path}\" (named by its 'path' parameter) to an http:server"
                    : "add an http:server:ui to an http:server (and name it in 'path' when there are several)") +
                ", and do not turn autogrouping off for it");
        }
        if (Store.Length > 0) return StoreCheckApplyAsync(apply, cancel);
        WarnIfMisfit();
        string value;
        bool same;
        lock (_lock)
        {
            same = _value == _sent;
            if (!same) Context.Changes.Set("value", _sent, _value);
            _sent = _value;
            value = _value;
        }
        Context.Send(new Dictionary<string, EngineValue> { ["value"] = EngineValue.Str(value) });
        return Task.FromResult(same);
    }

    /// <summary>Fields join a ui (through its server), not each other.</summary>
    public bool CanGroupWith(Resource other) => false;
}
