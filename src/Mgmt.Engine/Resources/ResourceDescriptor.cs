using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Resources;

/// <summary>What the engine and the front ends know of a resource kind: its name, parameters and send keys.</summary>
public sealed class ResourceDescriptor
{
    // Derived once per CLR type from immutable metadata; holds no program state.
    private static readonly ConcurrentDictionary<Type, ResourceDescriptor> Cache = new();

    private readonly Dictionary<string, ParamInfo> _byName;
    private readonly Func<Resource> _factory;

    private ResourceDescriptor(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type type)
    {
        ClrType = type;
        Kind = type.GetCustomAttribute<ResourceKindAttribute>()?.Kind
            ?? throw new InvalidOperationException($"{type.Name} has no [ResourceKind]");
        Params = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, a: p.GetCustomAttribute<ParamAttribute>()))
            .Where(x => x.a is not null)
            .Select(x => new ParamInfo(x.p, x.a!))
            .OrderBy(p => p.PropertyName, StringComparer.Ordinal)];
        _byName = Params.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Sends = [.. type.GetCustomAttributes<SendsAttribute>().Select(s => new StructField(s.Key, DataType.Parse(s.Type)))];
        _factory = () => (Resource)Activator.CreateInstance(type)!;
    }

    /// <summary>The kind name (<c>file</c>).</summary>
    public string Kind { get; }

    public Type ClrType { get; }

    /// <summary>Every parameter, sorted by property name.</summary>
    public IReadOnlyList<ParamInfo> Params { get; }

    /// <summary>The keys a sendable resource publishes, with their types.</summary>
    public IReadOnlyList<StructField> Sends { get; }

    public ParamInfo? FindParam(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A new resource of this kind with default parameters.</summary>
    public Resource Create() => _factory();

    public static ResourceDescriptor Of(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type type) =>
        Cache.TryGetValue(type, out var d) ? d : Cache.GetOrAdd(type, new ResourceDescriptor(type));
}
