namespace Mgmt.World;

/// <summary>
/// One exported resource as the world stores it: who published it, for whom, and the resource itself as an
/// opaque payload that the engine encodes and decodes (the world never looks inside).
/// </summary>
/// <param name="Kind">The resource kind, such as <c>file</c> or <c>http:server</c>.</param>
/// <param name="Name">The resource name; any text (slashes included) except NUL characters.</param>
/// <param name="FromHost">The publishing host.</param>
/// <param name="ToHost">The host allowed to collect it, or <see cref="Everyone"/>.</param>
/// <param name="Payload">The encoded resource.</param>
public sealed record ExportedResource(string Kind, string Name, string FromHost, string ToHost, string Payload)
{
    /// <summary>The <see cref="ToHost"/> that lets every host collect a resource.</summary>
    public const string Everyone = "*";

    /// <summary>The identity of this export (everything but the payload).</summary>
    public ExportKey Key => new(Kind, Name, ToHost);
}

/// <summary>Identifies one export of this host: the same resource exported to two hosts is two exports.</summary>
public sealed record ExportKey(string Kind, string Name, string ToHost);

/// <summary>Selects exports to collect; a null field matches anything.</summary>
public sealed record ExportFilter(string? Kind = null, string? Name = null, string? FromHost = null)
{
    /// <summary>A filter that matches every export visible to the collecting host.</summary>
    public static readonly ExportFilter All = new();

    /// <summary>True when <paramref name="resource"/> passes every field of this filter.</summary>
    public bool Matches(ExportedResource resource) =>
        (Kind is null || Kind == resource.Kind)
        && (Name is null || Name == resource.Name)
        && (FromHost is null || FromHost == resource.FromHost);
}
