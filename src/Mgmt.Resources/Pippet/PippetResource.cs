using System.Text.Json;
using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>pippet</c>: one Puppet resource (any type Puppet knows, including those of modules) checked and applied by
/// Puppet's own type and provider, through the agent's long-running Puppet helper. The Puppet front end uses it for
/// what has no native kind; it can be used directly too.
/// </summary>
/// <remarks>
/// Puppet offers no change notification, so the resource is checked again every <see cref="Interval"/> seconds. A
/// refresh along a notify edge is Puppet's refresh (a service restarts, a refreshonly exec runs). Every helper request
/// goes through one process, one at a time. See docs/resources/pippet.md.
/// </remarks>
[ResourceKind("pippet")]
public sealed partial class PippetResource : Resource, IRefreshable
{
    private PuppetHelpers? _ownHelpers;
    private PuppetHelper? _helper;

    /// <summary>The Puppet type, in lower case as in manifests (<c>augeas</c>, <c>sysctl</c>); not a defined type.</summary>
    [Param("type")]
    public string Type { get; set; } = "";

    /// <summary>The Puppet title; the resource's name when empty.</summary>
    [Param("title")]
    public string Title { get; set; } = "";

    /// <summary>The parameters, as a JSON object (as a Puppet catalog holds them); <c>{}</c> when empty.</summary>
    [Param("params")]
    public string Params { get; set; } = "";

    /// <summary>Puppet's configuration file for the helper (<c>--config</c>); Puppet's default when empty.</summary>
    [Param("puppet_conf")]
    public string PuppetConf { get; set; } = "";

    /// <summary>The module path for the helper (<c>--modulepath</c>), where module types and files are found.</summary>
    [Param("modulepath")]
    public string ModulePath { get; set; } = "";

    /// <summary>Seconds between checks through Puppet; 0 checks only at the start and on a refresh.</summary>
    [Param("interval")]
    public ulong Interval { get; set; } = 30;

    /// <summary>The Puppet title used.</summary>
    public string PuppetTitle => Title.Length > 0 ? Title : Name;

    private string ParamsJson => Params.Trim().Length > 0 ? Params : "{}";

    public override void Validate()
    {
        if (!TypeName().IsMatch(Type)) throw new ResourceValidationException($"type '{Type}' is not a Puppet type name (lower case, such as augeas or sysctl)");
        if (PuppetTitle.Length == 0) throw new ResourceValidationException("the title is empty");
        try
        {
            using var doc = JsonDocument.Parse(ParamsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ResourceValidationException("params must be a JSON object, such as {\"ensure\": \"present\"}");
        }
        catch (JsonException e)
        {
            throw new ResourceValidationException($"params is not valid JSON: {e.Message}");
        }
        if (PuppetConf.Length > 0 && !PuppetConf.StartsWith('/')) throw new ResourceValidationException($"puppet_conf '{PuppetConf}' must be an absolute path");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        var settings = new PuppetHelperSettings(PuppetConf.Length > 0 ? PuppetConf : null, ModulePath.Length > 0 ? ModulePath : null);
        // Outside an agent (a test, a tool) there is no shared set of helpers: this resource keeps its own.
        var helpers = context.Services.GetService(typeof(PuppetHelpers)) as PuppetHelpers
            ?? (_ownHelpers = new PuppetHelpers(new SingleLoggerFactory(context.Logger)));
        _helper = helpers.For(settings);
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        Context.Running();
        if (Interval == 0)
        {
            await base.WatchAsync(cancel).ConfigureAwait(false);
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Interval), Context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false)) Context.Event();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var helper = _helper ?? throw new InvalidOperationException($"{this} used before Init");
        var request = new PuppetHelperRequest(apply, Context.Refresh, Type, PuppetTitle, ParamsJson);
        var answer = await helper.RunAsync(request, cancel).ConfigureAwait(false);
        foreach (var line in answer.Logs)
        {
            if (line.IsError) continue; // they make up the error below
            if (line.IsWarning) PippetLog.PuppetWarning(Context.Logger, line.Source, line.Message);
            else PippetLog.PuppetSaid(Context.Logger, line.Source, line.Message);
        }
        if (!answer.Ok) throw new InvalidOperationException($"Puppet: {answer.Error}");
        return apply ? answer.InSync && !answer.Changed : answer.InSync;
    }

    public override async Task CleanupAsync()
    {
        if (_ownHelpers is not null) await _ownHelpers.DisposeAsync().ConfigureAwait(false);
        _ownHelpers = null;
        _helper = null;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex TypeName();

    // The resource's own logger, for a helper it starts for itself.
    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}

internal static partial class PippetLog
{
    [LoggerMessage(EventId = 6911, Level = LogLevel.Information, Message = "Puppet: {Source}: {Message}")]
    public static partial void PuppetSaid(ILogger logger, string source, string message);

    [LoggerMessage(EventId = 6912, Level = LogLevel.Warning, Message = "Puppet: {Source}: {Message}")]
    public static partial void PuppetWarning(ILogger logger, string source, string message);
}
