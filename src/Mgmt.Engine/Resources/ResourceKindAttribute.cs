namespace Mgmt.Engine.Resources;

/// <summary>Names the kind of a resource class, as users write it: <c>file</c>, <c>exec</c>, <c>http:server</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ResourceKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}

/// <summary>
/// Marks a property as a user-settable parameter. The property name is the PascalCase name printed in
/// <c>Field:</c> lines; <see cref="Name"/> is the lowercase name used in mcl and YAML.
/// </summary>
/// <remarks>
/// The mcl type follows from the property type: <c>string</c> is str, <c>bool</c> bool, any integer type int
/// (range checked), <c>double</c>/<c>float</c> float, lists and dictionaries of those are <c>[]T</c> and
/// <c>map{K: V}</c>. A nullable property is optional ("unset" is distinct from the zero value). A property of
/// type <see cref="Values.Value"/> needs <see cref="Type"/> (an mcl type, or <c>variant</c> for any value).
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ParamAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Explicit mcl type, required for properties of type <see cref="Values.Value"/>.</summary>
    public string? Type { get; init; }

    /// <summary>
    /// The value is a secret (a password, a key): logs, change reports, the web view and graph dumps show that it is
    /// set or changed, never what it is.
    /// </summary>
    public bool Sensitive { get; init; }
}

/// <summary>Declares one value a <see cref="ISendable"/> resource publishes for send/recv.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SendsAttribute(string key, string type) : Attribute
{
    public string Key { get; } = key;
    public string Type { get; } = type;
}
