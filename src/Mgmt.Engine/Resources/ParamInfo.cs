using System.Reflection;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Resources;

/// <summary>One parameter of a resource kind: its mcl name, its type, and access to its value as a <see cref="Value"/>.</summary>
public sealed class ParamInfo
{
    private readonly PropertyInfo _property;
    private readonly ParamCodec _codec;

    internal ParamInfo(PropertyInfo property, ParamAttribute attribute)
    {
        _property = property;
        Name = attribute.Name;
        _codec = ParamCodec.For(property.PropertyType, attribute.Type, $"{property.DeclaringType?.Name}.{property.Name}");
        Type = _codec.Type;
        IsSensitive = attribute.Sensitive;
    }

    /// <summary>True for a secret: whatever shows parameters shows that it is set, never its value.</summary>
    public bool IsSensitive { get; }

    /// <summary>The name users write (<c>content</c>).</summary>
    public string Name { get; }

    /// <summary>The property name (<c>Content</c>), as printed in <c>Field:</c> lines.</summary>
    public string PropertyName => _property.Name;

    /// <summary>The mcl type of the parameter.</summary>
    public DataType Type { get; }

    /// <summary>True when the parameter can be left unset (a nullable property).</summary>
    public bool IsOptional => _codec.IsNullable;

    /// <summary>The value, or null when it is unset.</summary>
    public Value? Get(Resource resource) => _codec.ToValue(_property.GetValue(resource));

    /// <summary>Sets the value (null unsets it). Throws <see cref="ParamValueException"/> when it does not fit.</summary>
    public void Set(Resource resource, Value? value)
    {
        try
        {
            _property.SetValue(resource, _codec.FromValue(value));
        }
        catch (ParamValueException e)
        {
            throw new ParamValueException($"parameter '{Name}' of {resource}: {e.Message}");
        }
    }

    /// <summary>True when the parameter holds its zero value: unset, "", 0, false (an empty list is not zero).</summary>
    public bool IsZero(Resource resource) => _codec.IsZero(_property.GetValue(resource));

    /// <summary>
    /// True when the two resources hold the same value. Equal raw values (the same string, number, or the very
    /// same list) settle it without building the language values, which is most of a graph swap's comparisons.
    /// </summary>
    internal bool SameValue(Resource a, Resource b)
    {
        var (x, y) = (_property.GetValue(a), _property.GetValue(b));
        if (ReferenceEquals(x, y) || Equals(x, y)) return true;
        return Equals(_codec.ToValue(x), _codec.ToValue(y));
    }

    /// <summary>The raw property value, for copying resources.</summary>
    internal object? GetRaw(Resource resource) => _property.GetValue(resource);

    internal void SetRaw(Resource resource, object? raw) => _property.SetValue(resource, raw);

    public override string ToString() => $"{Name} {Type}";
}

/// <summary>A value does not fit a parameter (wrong type, out of range for the field's width).</summary>
public sealed class ParamValueException(string message) : Exception(message);
