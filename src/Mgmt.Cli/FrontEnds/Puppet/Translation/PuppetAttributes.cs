using System.Globalization;
using System.Text.Json;
using Mgmt.Cli.FrontEnds.Puppet.Catalog;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// The parameters of one catalog resource as a translator reads them. Every attribute a translator reads counts as
/// handled; one it marks as unsupported (or never reads) sends the whole resource through Puppet itself. Values are
/// read the way Puppet would take them: numbers and booleans as text where text is expected, one value or a list.
/// </summary>
internal sealed class PuppetAttributes(CatalogResource resource)
{
    /// <summary>Relationship and bookkeeping metaparameters: the graph, the index and containment handle them.</summary>
    public static readonly IReadOnlySet<string> Structural = new HashSet<string>(StringComparer.Ordinal)
    {
        "require", "before", "notify", "subscribe", "alias", "stage", "tag", "loglevel",
    };

    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private readonly List<(string Attribute, string Why)> _unsupported = [];

    public CatalogResource Resource { get; } = resource;

    /// <summary>Attributes that keep this resource from a native translation, each with the reason.</summary>
    public IReadOnlyList<(string Attribute, string Why)> Unsupported => _unsupported;

    /// <summary>True when an attribute is set.</summary>
    public bool Has(string name) => Resource.Parameters.ContainsKey(name);

    /// <summary>The attribute as text (a number or boolean as Puppet prints it), or null when unset.</summary>
    public string? Text(string name)
    {
        if (!Take(name, out var v)) return null;
        return Scalar(v) ?? Fail<string?>(name, "a single value was expected here", null);
    }

    /// <summary>The attribute as a boolean (<c>true</c>, <c>"true"</c>, <c>yes</c>...), or null when unset.</summary>
    public bool? Bool(string name)
    {
        var text = Text(name);
        if (text is null) return null;
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => Fail<bool?>(name, $"'{text}' is not true or false", null),
        };
    }

    /// <summary>The attribute as a list (one value counts as a list of one), or null when unset.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (!Take(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Array) return Scalar(v) is { } one ? [one] : Fail<IReadOnlyList<string>?>(name, "a value or a list was expected", null);
        var items = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (Scalar(item) is not { } text) return Fail<IReadOnlyList<string>?>(name, "a list of plain values was expected", null);
            items.Add(text);
        }
        return items;
    }

    /// <summary>A whole number, or null when unset.</summary>
    public long? Number(string name)
    {
        var text = Text(name);
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : Fail<long?>(name, $"'{text}' is not a whole number", null);
    }

    /// <summary>Marks the attribute as handled without using it (it changes nothing on this engine).</summary>
    public void Ignore(params string[] names)
    {
        foreach (var n in names) _handled.Add(n);
    }

    /// <summary>The attribute cannot be translated: the resource goes through Puppet.</summary>
    public void NotNative(string name, string why)
    {
        _handled.Add(name);
        _unsupported.Add((name, why));
    }

    /// <summary>Attributes that are set but that no translator looked at; they count as unsupported.</summary>
    public IEnumerable<string> Leftovers() =>
        Resource.Parameters.Keys.Where(k => !_handled.Contains(k) && !Structural.Contains(k) && !Metaparameters.Contains(k));

    /// <summary>The metaparameters that <see cref="CatalogTranslator"/> maps onto meta parameters or ignores.</summary>
    public static readonly IReadOnlySet<string> Metaparameters = new HashSet<string>(StringComparer.Ordinal) { "noop", "schedule", "audit" };

    private bool Take(string name, out JsonElement value)
    {
        _handled.Add(name);
        if (!Resource.Parameters.TryGetValue(name, out value) || value.ValueKind == JsonValueKind.Null) return false;
        value = Unwrap(value);
        return true;
    }

    // Puppet's rich data: a Sensitive value arrives wrapped; its plain value is used (and never logged).
    private static JsonElement Unwrap(JsonElement v) =>
        v.ValueKind == JsonValueKind.Object && v.TryGetProperty("__ptype", out var t) && t.GetString() == "Sensitive" && v.TryGetProperty("__pvalue", out var inner)
            ? inner
            : v;

    private static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private T Fail<T>(string name, string why, T result)
    {
        _unsupported.Add((name, why));
        return result;
    }
}
