using Mgmt.Engine.Resources;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Reads a resource's <c>meta:</c> mapping into <see cref="MetaParams"/>, remembering where each setting was
/// written so that the engine's checks of the values can be reported at the value itself.
/// </summary>
internal static class YamlMetaReader
{
    /// <summary>
    /// Reads <paramref name="node"/>. Each setting is read on its own: a mistake in one is passed to
    /// <paramref name="report"/> and the others are still read, so every mistake shows at once.
    /// </summary>
    public static YamlMeta Read(YNode node, Resource resource, Action<YamlInputException> report)
    {
        var meta = MetaParams.Default;
        var values = new Dictionary<string, YNode>(StringComparer.Ordinal);
        if (YamlScalars.IsNull(node)) return new YamlMeta(meta, node, values);
        if (node is not YMap map)
        {
            throw new YamlInputException(node, $"meta of {resource} must be a mapping such as {{retry: 3, delay: 1000}}");
        }
        foreach (var (keyNode, value) in map.Children)
        {
            try
            {
                var key = YamlGraphReader.KeyText(keyNode);
                var field = MetaParams.FindField(key)
                    ?? MetaParams.Fields.FirstOrDefault(f => YamlGraphReader.Loose(f.Name) == YamlGraphReader.Loose(key))
                    ?? throw Unknown(keyNode, key);
                values[field.Name] = value;
                var v = YamlValueReader.Read(value, field.Type, $"meta '{field.Name}' of {resource}");
                try
                {
                    meta = field.Set(meta, v);
                }
                catch (OverflowException)
                {
                    throw new YamlInputException(value, $"meta '{field.Name}' of {resource}: {v} is out of range for this setting");
                }
            }
            catch (YamlInputException e)
            {
                report(e);
            }
        }
        return new YamlMeta(meta, node, values);
    }

    private static YamlInputException Unknown(YNode at, string key)
    {
        var names = MetaParams.Fields.Select(f => f.Name).ToList();
        var hint = CommandLine.CommandLineParser.Suggest(key, names) is { } s ? $"did you mean '{s}'? " : "";
        return new YamlInputException(at, $"there is no meta parameter '{key}'; {hint}they are {string.Join(", ", names)}");
    }
}

/// <summary>A resource's meta parameters as read from YAML, with the node each setting came from.</summary>
/// <param name="Params">The settings; those not written keep their defaults.</param>
/// <param name="Node">The <c>meta:</c> value itself.</param>
/// <param name="Values">The value node of each setting written, by its mcl name.</param>
internal sealed record YamlMeta(MetaParams Params, YNode Node, IReadOnlyDictionary<string, YNode> Values)
{
    /// <summary>
    /// Where <paramref name="problem"/> should be reported: the list entry or the setting it is about, else the
    /// whole <c>meta:</c> value (a setting left at its default, such as a missing burst).
    /// </summary>
    public YNode PlaceOf(MetaProblem problem)
    {
        // A burst left out is reported at the limit that needs it.
        if (!Values.TryGetValue(problem.Field, out var value) &&
            !(problem.Field == "burst" && Values.TryGetValue("limit", out value)))
        {
            return Node;
        }
        if (problem.Index is int i && value is YList list && i < list.Children.Count) return list.Children[i];
        return value;
    }
}
