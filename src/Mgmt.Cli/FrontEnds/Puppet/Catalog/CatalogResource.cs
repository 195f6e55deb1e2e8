using System.Text.Json;

namespace Mgmt.Cli.FrontEnds.Puppet.Catalog;

/// <summary>
/// One resource of a compiled Puppet catalog: its type (<c>File</c>, <c>Class</c>, <c>Demo::Thing</c>), title, where
/// the manifest declared it, and its parameters exactly as the catalog holds them (JSON values).
/// </summary>
internal sealed record CatalogResource(
    string Type,
    string Title,
    string? File,
    int Line,
    string Kind,
    bool Exported,
    IReadOnlyDictionary<string, JsonElement> Parameters)
{
    /// <summary>Puppet's reference to the resource: <c>File[/etc/motd]</c>.</summary>
    public string Ref => ResourceRef.Format(Type, Title);

    /// <summary>
    /// True for classes, stages and instances of defined types: they hold other resources and are not applied
    /// themselves. Leaves are the resources of real types (file, exec, a module's sysctl...).
    /// </summary>
    public bool IsContainer => Type is "Class" or "Stage" or "Node" || Kind switch
    {
        "compilable_type" => false,
        "class" or "defined_type" => true,
        _ => Type.Contains("::", StringComparison.Ordinal) || Kind == "unknown",
    };

    /// <summary>Where the manifest declared it, for messages: <c>/etc/puppet/site.pp:3</c>, or the reference when unknown.</summary>
    public string Place => File is null ? Ref : Line > 0 ? $"{File}:{Line}" : File;
}
