using System.Diagnostics.CodeAnalysis;

namespace Mgmt.Engine.Resources;

/// <summary>
/// A managed piece of the machine (a file, a command, a service...). Each kind is a subclass marked with
/// <see cref="ResourceKindAttribute"/> whose parameters are properties marked with <see cref="ParamAttribute"/>.
/// </summary>
/// <remarks>
/// The engine drives every resource through one life cycle: <see cref="Validate"/> (pure, no I/O),
/// <see cref="InitAsync"/>, then concurrently <see cref="WatchAsync"/> (runs for as long as the resource is in
/// the graph) and, each time the resource may have drifted, <see cref="CheckApplyAsync"/>; finally
/// <see cref="CleanupAsync"/>. Optional capabilities are the small interfaces in <c>Traits/</c>.
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
public abstract class Resource
{
    private IResourceContext? _context;

    protected Resource() => Descriptor = ResourceDescriptor.Of(GetType());

    /// <summary>The kind's description: its name and parameters.</summary>
    public ResourceDescriptor Descriptor { get; }

    /// <summary>The kind, such as <c>file</c>.</summary>
    public string Kind => Descriptor.Kind;

    /// <summary>The name, unique within its kind in one graph.</summary>
    public string Name { get; set; } = "";

    /// <summary>The meta parameters that tell the engine how to run this resource.</summary>
    public MetaParams Meta { get; set; } = MetaParams.Default;

    /// <summary>Resources folded into this one by autogrouping; its CheckApply handles them too.</summary>
    public List<Resource> GroupedMembers { get; } = [];

    /// <summary>The resource this one was folded into by autogrouping, if any.</summary>
    public Resource? GroupParent { get; internal set; }

    /// <summary>The engine's services for this resource; available from <see cref="InitAsync"/> on.</summary>
    protected IResourceContext Context =>
        _context ?? throw new InvalidOperationException($"{this} used before Init");

    /// <summary>
    /// Checks the parameters without touching the machine. Throws <see cref="ResourceValidationException"/>
    /// with a message that tells the user what to change.
    /// </summary>
    public virtual void Validate()
    {
    }

    /// <summary>Prepares the resource to run. Overrides must call the base method first.</summary>
    public virtual Task InitAsync(IResourceContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets up the watches, calls <see cref="IResourceContext.Running"/> once, then calls
    /// <see cref="IResourceContext.Event"/> on every possible change until <paramref name="cancel"/> fires.
    /// Spurious events are fine; a missed change is a bug. The default has nothing to watch.
    /// </summary>
    public virtual async Task WatchAsync(CancellationToken cancel)
    {
        Context.Running();
        try
        {
            await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Checks the state and, when <paramref name="apply"/> is true, repairs it. Returns true when the state was
    /// already right, false when it was wrong (and was fixed, unless in noop). Throws on failure. Must
    /// converge in one call.
    /// </summary>
    public abstract Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel);

    /// <summary>Releases what <see cref="InitAsync"/> acquired.</summary>
    public virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>
    /// True when <paramref name="other"/> is the same resource with the same parameters, so that a graph swap
    /// can keep this one running. The default compares every parameter and the meta parameters.
    /// </summary>
    public virtual bool SameAs(Resource other)
    {
        if (other.GetType() != GetType() || other.Name != Name || !other.Meta.Equals(Meta)) return false;
        foreach (var p in Descriptor.Params)
        {
            if (!p.SameValue(this, other)) return false;
        }
        return true;
    }

    /// <summary>A fresh copy with the same name, meta and parameters (not the runtime state).</summary>
    public Resource Copy()
    {
        var copy = Descriptor.Create();
        copy.Name = Name;
        copy.Meta = Meta;
        foreach (var p in Descriptor.Params) p.SetRaw(copy, p.GetRaw(this));
        return copy;
    }

    /// <summary><c>kind[name]</c>, the form used in logs and graph printouts.</summary>
    public override string ToString() => $"{Kind}[{Name}]";
}

/// <summary>A resource's parameters are invalid. The message says what to change.</summary>
public sealed class ResourceValidationException(string message) : Exception(message);
