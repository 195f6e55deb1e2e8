using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Mgmt.Cli.FrontEnds.Puppet.Catalog;
using Mgmt.Cli.FrontEnds.Puppet.Translation;
using Mgmt.Platform.Watching;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// The Puppet front end: Puppet compiles the manifest into a catalog, and the catalog becomes a resource graph (native
/// kinds where the attributes map, Puppet's own providers through one helper process otherwise). Unless told not to
/// watch, the manifest, the configuration and the modules are watched: an edit compiles again, and the engine swaps
/// in the new graph, applying only the difference.
/// </summary>
internal sealed partial class PuppetFrontEnd(PuppetInput input, Func<PuppetInstallation>? find = null) : ICheckingFrontEnd
{
    /// <summary>How long the sources must stay quiet after a change before they are compiled again.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    // The variables an exec inherits from the agent, as Puppet's commands inherit those of `puppet apply`.
    private static readonly string[] InheritedVariables = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "USER", "LOGNAME", "SHELL", "TZ"];

    // Each unsupported type or attribute is named once per run, not at every compilation.
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public string Name => "puppet";

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var logger = context.Loggers.CreateLogger("puppet");
        if (Prepare(context) is not { } session)
        {
            yield return FrontEndResult.Failed([Problem()!]);
            yield break;
        }
        using var scratch = session.Scratch;
        var watcher = context.Watch ? Watch(context, logger) : null;
        try
        {
            var (result, catalogText) = await CompileAsync(context, session, logger, cancel).ConfigureAwait(false);
            yield return result;
            if (watcher is null) yield break;
            // The module path is watched from here on (finding it costs a Puppet start, kept off the first graph's way).
            watcher.Add((await session.ModuleDirectoriesAsync(cancel).ConfigureAwait(false)).Where(Directory.Exists));
            var last = catalogText;
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    await watcher.WaitAsync(cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    yield break;
                }
                PuppetLog.Recompiling(logger, input.Description);
                (result, catalogText) = await CompileAsync(context, session, logger, cancel).ConfigureAwait(false);
                if (catalogText is not null && catalogText == last)
                {
                    PuppetLog.Unchanged(logger);
                    continue;
                }
                if (catalogText is not null) last = catalogText;
                yield return result;
            }
        }
        finally
        {
            watcher?.Dispose();
        }
    }

    /// <summary>Compiles and translates without running anything: what <c>mgmt check puppet</c> does.</summary>
    public async Task<FrontEndCheck> CheckAsync(FrontEndContext context, CancellationToken cancel)
    {
        if (Prepare(context) is not { } session) return new FrontEndCheck([Problem()!], "");
        using var scratch = session.Scratch;
        var logger = context.Loggers.CreateLogger("puppet");
        var (result, _) = await CompileAsync(context, session, logger, cancel).ConfigureAwait(false);
        if (result.Graph is not { } graph) return new FrontEndCheck(result.Errors, "");
        var throughPuppet = graph.Vertices.Count(v => v is PippetResource);
        return new FrontEndCheck([], $"{input.Description} compiles into {graph.VertexCount} resources ({graph.VertexCount - throughPuppet} native, " +
            $"{throughPuppet} through Puppet itself) and {graph.EdgeCount} edges");
    }

    private sealed class Session(PuppetCompiler compiler, ScratchDirectory scratch)
    {
        private Task<IReadOnlyList<string>>? _modules;

        public PuppetCompiler Compiler { get; } = compiler;

        public ScratchDirectory Scratch { get; } = scratch;

        /// <summary>The module path as Puppet reads it (its default when none was given), asked once and only when needed.</summary>
        public Task<IReadOnlyList<string>> ModuleDirectoriesAsync(CancellationToken cancel) => _modules ??= Compiler.ModuleDirectoriesAsync(cancel);
    }

    private Session? Prepare(FrontEndContext context)
    {
        if (input.Problem() is not null) return null;
        PuppetInstallation puppet;
        try
        {
            puppet = (find ?? (() => PuppetInstallation.Find()))();
        }
        catch (PuppetMissingException)
        {
            return null;
        }
        var scratch = ScratchDirectory.Create(context.Prefix);
        return new Session(new PuppetCompiler(puppet, input, context.Hostname.ToLowerInvariant(), scratch.Path), scratch);
    }

    // Why Prepare gave nothing: the input, or Puppet missing.
    private SourceDiagnostic? Problem()
    {
        if (input.Problem() is { } problem) return problem;
        try
        {
            (find ?? (() => PuppetInstallation.Find()))();
            return null;
        }
        catch (PuppetMissingException e)
        {
            return SourceDiagnostic.ForFile("puppet", e.Message);
        }
    }

    private async Task<(FrontEndResult Result, string? Catalog)> CompileAsync(FrontEndContext context, Session session, ILogger logger, CancellationToken cancel)
    {
        var compilation = await session.Compiler.CompileAsync(cancel).ConfigureAwait(false);
        foreach (var warning in compilation.Warnings) WarnOnce(warning, () => PuppetLog.PuppetWarning(logger, warning));
        if (compilation.Json is null) return (FrontEndResult.Failed(compilation.Errors), null);
        CompiledCatalog catalog;
        try
        {
            catalog = CompiledCatalog.Parse(compilation.Json);
        }
        catch (FormatException e)
        {
            return (FrontEndResult.Failed([SourceDiagnostic.ForFile(input.Description, e.Message)]), null);
        }
        var translationContext = new TranslationContext
        {
            // Only puppet:///modules/ sources need the module path.
            ModuleDirectories = NeedsModules(catalog) ? await session.ModuleDirectoriesAsync(cancel).ConfigureAwait(false) : [],
            Environment = InheritedVariables.Where(v => Environment.GetEnvironmentVariable(v) is not null)
                .ToDictionary(v => v, v => Environment.GetEnvironmentVariable(v)!, StringComparer.Ordinal),
        };
        var helper = new PuppetHelperSettings(input.ConfigFile is null ? null : Path.GetFullPath(input.ConfigFile),
            input.ModulePath is null ? null : string.Join(':', input.ModuleDirectories!));
        var translation = new CatalogTranslator(translationContext, helper).Translate(catalog, input.GraphName);
        foreach (var f in translation.ThroughPuppet)
        {
            var attribute = f.Attribute is null ? "" : $", attribute {f.Attribute}";
            WarnOnce($"through:{f.Type}:{f.Attribute}", () => PuppetLog.ThroughPuppet(logger, f.Type, attribute, f.Why, f.Example));
        }
        foreach (var f in translation.Ignored) WarnOnce($"ignored:{f.Type}:{f.Attribute}", () => PuppetLog.Ignored(logger, f.Type, f.Attribute!, f.Why, f.Example));
        if (translation.Graph is not { } graph) return (FrontEndResult.Failed(translation.Errors), null);
        PuppetLog.Compiled(logger, input.Description, compilation.Elapsed.TotalSeconds, graph.VertexCount, graph.Vertices.Count(v => v is PippetResource));
        return (FrontEndResult.Of(graph), Comparable(compilation.Json));
    }

    private void WarnOnce(string key, Action warn)
    {
        if (_warned.Add(key)) warn();
    }

    private static bool NeedsModules(CompiledCatalog catalog) =>
        catalog.Resources.Any(r => r.Parameters.TryGetValue("source", out var v) && v.GetRawText().Contains("puppet:///", StringComparison.Ordinal));

    private PuppetSourceWatcher? Watch(FrontEndContext context, ILogger logger)
    {
        if (context.Services.GetService(typeof(InotifyHub)) is not InotifyHub hub)
        {
            PuppetLog.NoWatch(logger);
            return null;
        }
        var paths = new List<string>();
        if (input.Manifest is not null) paths.Add(input.Manifest);
        if (input.ConfigFile is not null) paths.Add(input.ConfigFile);
        return new PuppetSourceWatcher(hub, paths, context.Time, Debounce, (p, why) => PuppetLog.CannotWatch(logger, p, why));
    }

    // Two compilations of unchanged sources differ only in the catalog's version and id.
    private static string Comparable(string json) => CatalogStamp().Replace(json, "");

    [GeneratedRegex(@"""(version|catalog_uuid)"":(""[^""]*""|\d+),?")]
    private static partial Regex CatalogStamp();
}
