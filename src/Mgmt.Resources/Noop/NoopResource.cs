using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>noop</c>: a placeholder that manages nothing. It is always in the right state, so it is useful to name a
/// point in the graph (an ordering anchor, a target for notifications) or to try out the engine.
/// </summary>
/// <remarks>
/// Every noop may be grouped with every other noop (they have no state to disagree on). A refresh is only
/// logged: there is nothing to redo.
/// </remarks>
[ResourceKind("noop")]
public sealed class NoopResource : Resource, IRefreshable, IGroupable
{
    /// <summary>Free text for the reader of the graph; it has no effect.</summary>
    [Param("comment")]
    public string Comment { get; set; } = "";

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Context.Refresh) NoopLog.Refreshed(Context.Logger);
        return Task.FromResult(true);
    }

    public bool CanGroupWith(Resource other) => other is NoopResource;
}

internal static partial class NoopLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "received a refresh notification")]
    public static partial void Refreshed(ILogger logger);
}
