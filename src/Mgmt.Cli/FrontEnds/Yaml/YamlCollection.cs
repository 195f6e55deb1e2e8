using Mgmt.Engine.Exports;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Resources;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>One entry of a YAML graph's <c>collect:</c> list: the kind of exported resource to take in, and a pattern.</summary>
/// <param name="Kind">The kind, such as <c>file</c>.</param>
/// <param name="Pattern">For files, the directory the collected files are put in (their <c>dirname</c>); empty keeps their path.</param>
internal sealed record YamlCollect(string Kind, string Pattern);

/// <summary>
/// Adds the exported resources a YAML graph collects to the graph read from the file. Resources are exported with a
/// name starting with <c>@@</c> (for every host), and collected by kind from every host, this one included.
/// </summary>
internal static partial class YamlCollection
{
    /// <summary>
    /// Adds to <paramref name="graph"/> every export of a collected kind. A resource the file itself defines (by kind
    /// and name) wins; when that is this host's own <c>@@</c> resource, collecting it makes it run here too.
    /// </summary>
    public static void Merge(ResourceGraph graph, IReadOnlyList<YamlCollect> collects, IReadOnlyList<ExportedResource> exports, ResourceRegistry registry, ILogger log)
    {
        foreach (var export in exports)
        {
            var collect = collects.FirstOrDefault(c => c.Kind == export.Kind);
            if (collect is null) continue;
            if (graph.Find(export.Kind, export.Name) is { } local)
            {
                if (local.Meta.Hidden) local.Meta = local.Meta with { Hidden = false };
                continue;
            }
            Resource resource;
            try
            {
                resource = ExportCodec.Decode(export.Payload, registry);
                resource.Meta = resource.Meta with { Export = [], Hidden = false };
                if (collect.Pattern.Length > 0 && resource is FileResource file) file.Dirname = collect.Pattern.TrimEnd('/') + "/";
                resource.Validate();
            }
            catch (Exception e) when (e is FormatException or ResourceValidationException or ParamValueException)
            {
                Log.Skipped(log, $"{export.Kind}[{export.Name}]", export.FromHost, e.Message);
                continue;
            }
            graph.AddVertex(resource);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "cannot collect {Resource} exported by {Host}: {Reason}")]
        public static partial void Skipped(ILogger logger, string resource, string host, string reason);
    }
}
