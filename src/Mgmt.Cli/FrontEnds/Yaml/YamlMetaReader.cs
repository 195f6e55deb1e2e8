using Mgmt.Engine.Resources;
using YamlDotNet.RepresentationModel;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>Reads a resource's <c>meta:</c> mapping into <see cref="MetaParams"/>.</summary>
internal static class YamlMetaReader
{
    public static MetaParams Read(YamlNode node, Resource resource)
    {
        var meta = MetaParams.Default;
        if (YamlScalars.IsNull(node)) return meta;
        if (node is not YamlMappingNode map)
        {
            throw new YamlInputException(node, $"meta of {resource} must be a mapping such as {{retry: 3, delay: 1000}}");
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = YamlGraphReader.KeyText(keyNode);
            var field = MetaParams.FindField(key)
                ?? MetaParams.Fields.FirstOrDefault(f => YamlGraphReader.Loose(f.Name) == YamlGraphReader.Loose(key))
                ?? throw Unknown(keyNode, key);
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
        return meta;
    }

    private static YamlInputException Unknown(YamlNode at, string key)
    {
        var names = MetaParams.Fields.Select(f => f.Name).ToList();
        var hint = CommandLine.CommandLineParser.Suggest(key, names) is { } s ? $"did you mean '{s}'? " : "";
        return new YamlInputException(at, $"there is no meta parameter '{key}'; {hint}they are {string.Join(", ", names)}");
    }
}
