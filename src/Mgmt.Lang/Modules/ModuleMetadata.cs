using Mgmt.Lang.Syntax.Limits;
using YamlDotNet.RepresentationModel;

namespace Mgmt.Lang.Modules;

/// <summary>
/// The contents of a module's <c>metadata.yaml</c>. Every field is optional; an empty or comment-only file means
/// all defaults. Paths are relative to the directory holding the file.
/// </summary>
public sealed record ModuleMetadata
{
    /// <summary>The file name of a module's metadata.</summary>
    public const string FileName = "metadata.yaml";

    /// <summary>The default entry file of a module.</summary>
    public const string DefaultMain = "main.mcl";

    /// <summary>The default data directory of a module.</summary>
    public const string DefaultFiles = "files/";

    /// <summary>All defaults: entry <c>main.mcl</c>, data in <c>files/</c>, no module directory of its own.</summary>
    public static ModuleMetadata Default { get; } = new();

    /// <summary>The entry file, relative to the module directory (never starts or ends with <c>/</c>).</summary>
    public string Main { get; init; } = DefaultMain;

    /// <summary>
    /// The directory where this module keeps the modules it imports (like a vendor directory), relative and ending
    /// with <c>/</c>; empty to search the importing modules' directories and then the global module path.
    /// </summary>
    public string Path { get; init; } = "";

    /// <summary>The data directory shipped with the module, relative and ending with <c>/</c>.</summary>
    public string Files { get; init; } = DefaultFiles;

    /// <summary>The module's license (informational).</summary>
    public string License { get; init; } = "";

    /// <summary>When true, imports of this module are not searched for in the importing modules' directories.</summary>
    public bool ParentPathBlock { get; init; }

    /// <summary>
    /// Reads a metadata file. Throws <see cref="ModuleException"/> naming <paramref name="path"/> when the YAML is
    /// malformed or a field has a bad value.
    /// </summary>
    public static ModuleMetadata Parse(string text, string path)
    {
        YamlStream stream;
        try
        {
            stream = YamlLoader.Load(text);
        }
        catch (YamlLoadException e)
        {
            throw new ModuleException($"{path} @ {e.Line}:{e.Column}: {e.Message}; fix the syntax or remove the file to use the defaults");
        }
        var metadata = Default;
        if (stream.Documents.Count == 0) return metadata;
        switch (stream.Documents[0].RootNode)
        {
            case YamlMappingNode map:
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    metadata = metadata.With(key, Scalar(valueNode, key, path), path);
                }
                break;
            case YamlScalarNode { Value: null or "" }:
                break; // an empty document
            default:
                throw new ModuleException($"{path} must be a mapping of fields such as `main: main.mcl`");
        }
        metadata.Validate(path);
        return metadata;
    }

    private ModuleMetadata With(string key, string value, string path) => key switch
    {
        "main" => this with { Main = value },
        "path" => this with { Path = value },
        "files" => this with { Files = value },
        "license" => this with { License = value },
        "parentpathblock" => this with { ParentPathBlock = ParseBool(value, path) },
        _ => this, // unknown fields are ignored, as in the reference
    };

    private static string Scalar(YamlNode node, string key, string path) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        _ => throw new ModuleException($"field `{key}` of {path} must be a single value, not a list or a mapping"),
    };

    private static bool ParseBool(string value, string path) => value.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" or "" => false,
        _ => throw new ModuleException($"field `parentpathblock` of {path} must be true or false, not `{value}`"),
    };

    private void Validate(string path)
    {
        if (Main.Length == 0 || Main.StartsWith('/') || Main.EndsWith('/'))
        {
            throw new ModuleException($"field `main` of {path} must be a file path relative to the module, such as `main.mcl` (got `{Main}`)");
        }
        if (Path.Length > 0 && (Path.StartsWith('/') || !Path.EndsWith('/')))
        {
            throw new ModuleException($"field `path` of {path} must be a relative directory ending with `/`, such as `path/` (got `{Path}`)");
        }
        if (Files.Length > 0 && (Files.StartsWith('/') || !Files.EndsWith('/')))
        {
            throw new ModuleException($"field `files` of {path} must be a relative directory ending with `/`, such as `files/` (got `{Files}`)");
        }
    }
}

/// <summary>A module cannot be found or read; the message says what is wrong and what to do.</summary>
public sealed class ModuleException(string message) : Exception(message);
