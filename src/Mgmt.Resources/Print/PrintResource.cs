using System.Threading.Channels;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>print</c>: logs a message. Showing a message it has not shown before counts as a change, so a print
/// can notify others and is itself a gentle way to learn how the engine orders, refreshes and groups.
/// </summary>
/// <remarks>
/// The message is logged when it differs from the last one this resource showed (the first run always
/// shows it), or, with <see cref="RefreshOnly"/>, only when a parent sends a refresh. After showing it, the
/// resource raises its own watch event, so the next check finds nothing to do: the usual "changed, then
/// confirmed" pair of runs every resource goes through. Prints group together unless one is refresh-only
/// (a grouped print would be shown whenever any member changes).
/// </remarks>
[ResourceKind("print")]
public sealed class PrintResource : Resource, IRefreshable, IReceivable, IGroupable
{
    // Wakes Watch after a message was shown; one pending signal is enough.
    private readonly Channel<bool> _shown = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private string? _lastShown;

    /// <summary>The message to log.</summary>
    [Param("msg")]
    public string Msg { get; set; } = "";

    /// <summary>Show the message only when notified by a parent; such a print is never grouped.</summary>
    [Param("refresh_only")]
    public bool RefreshOnly { get; set; }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        Context.Running();
        try
        {
            while (await _shown.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
            {
                while (_shown.Reader.TryRead(out _))
                {
                }
                Context.Event();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Context.Received.TryGetValue("msg", out var received) && received.Changed)
        {
            PrintLog.ReceivedMsg(Context.Logger, Msg);
        }
        var refresh = Context.Refresh;
        if (refresh) PrintLog.Refreshed(Context.Logger);

        var display = RefreshOnly ? refresh : _lastShown != Msg;
        foreach (var member in GroupedMembers.OfType<PrintResource>())
        {
            if (member._lastShown != member.Msg) display = true;
        }

        if (display) Context.Changes.Action($"print \"{Msg}\"");
        // In noop mode nothing is shown and nothing is remembered: the message is still "to be shown".
        if (!apply) return Task.FromResult(!display);
        if (!display) return Task.FromResult(true);

        Show(this, prefix: null);
        foreach (var member in GroupedMembers.OfType<PrintResource>()) Show(member, prefix: member.ToString());
        _shown.Writer.TryWrite(true);
        return Task.FromResult(false);
    }

    public bool CanGroupWith(Resource other) => other is PrintResource p && !p.RefreshOnly && !RefreshOnly;

    private void Show(PrintResource print, string? prefix)
    {
        print._lastShown = print.Msg;
        // Every message is shown the same way; an empty one gets a visible marker instead of nothing after "Msg:".
        var text = "Msg: " + (print.Msg.Length == 0 ? "<empty>" : print.Msg);
        PrintLog.Message(Context.Logger, prefix is null ? text : $"{prefix}: {text}");
    }
}

internal static partial class PrintLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Text}")]
    public static partial void Message(ILogger logger, string text);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "received a refresh notification")]
    public static partial void Refreshed(ILogger logger);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "received a new msg: {Msg}")]
    public static partial void ReceivedMsg(ILogger logger, string msg);
}
