using System.Text.Json;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// Small catalogs written by hand in the shape <c>puppet catalog compile --render-as json</c> gives, for the tests that
/// do not need Puppet: resources with their parameters, and the containment edges.
/// </summary>
internal sealed class CatalogJson
{
    private readonly List<string> _resources = [];
    private readonly List<string> _edges = [];

    /// <summary>A resource of a real type (a leaf).</summary>
    public CatalogJson Leaf(string type, string title, object? parameters = null, string file = "/etc/puppet/site.pp", int line = 1) =>
        Add(type, title, "compilable_type", parameters, file, line);

    /// <summary>A class or defined type instance (a container).</summary>
    public CatalogJson Container(string type, string title, object? parameters = null, string kind = "class") => Add(type, title, kind, parameters, null, 0);

    /// <summary>A containment edge.</summary>
    public CatalogJson Contains(string container, string member)
    {
        _edges.Add(JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = container, ["target"] = member }));
        return this;
    }

    public string Build() => $"{{\"name\":\"n1\",\"version\":1,\"resources\":[{string.Join(',', _resources)}],\"edges\":[{string.Join(',', _edges)}]}}";

    private CatalogJson Add(string type, string title, string kind, object? parameters, string? file, int line)
    {
        var head = $"\"type\":{Quote(type)},\"title\":{Quote(title)},\"kind\":{Quote(kind)},\"exported\":false";
        if (file is not null) head += $",\"file\":{Quote(file)},\"line\":{line}";
        var p = parameters is null ? "" : ",\"parameters\":" + Parameters(parameters);
        _resources.Add("{" + head + p + "}");
        return this;
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    // Anonymous objects and dictionaries alike: serialised as they are.
    private static string Parameters(object parameters) => JsonSerializer.Serialize(parameters, parameters.GetType());
}
