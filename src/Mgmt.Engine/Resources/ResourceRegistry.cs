using System.Diagnostics.CodeAnalysis;

namespace Mgmt.Engine.Resources;

/// <summary>The resource kinds a program may use, by name. Built once at start-up and then read-only.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, ResourceDescriptor> _kinds = new(StringComparer.Ordinal);

    public ResourceRegistry Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>()
        where T : Resource
    {
        var d = ResourceDescriptor.Of(typeof(T));
        if (!_kinds.TryAdd(d.Kind, d)) throw new InvalidOperationException($"resource kind '{d.Kind}' registered twice");
        return this;
    }

    public IReadOnlyCollection<ResourceDescriptor> Kinds => _kinds.Values;

    public ResourceDescriptor? Find(string kind) => _kinds.GetValueOrDefault(kind);

    /// <summary>Creates a resource of <paramref name="kind"/> named <paramref name="name"/>, or throws for an unknown kind.</summary>
    public Resource Create(string kind, string name)
    {
        var d = Find(kind) ?? throw new UnknownResourceKindException(kind);
        var r = d.Create();
        r.Name = name;
        return r;
    }
}

public sealed class UnknownResourceKindException(string kind) : Exception($"there is no resource kind named '{kind}'")
{
    public string Kind { get; } = kind;
}
