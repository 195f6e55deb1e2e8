using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>msg</c>: writes a message to mgmt's log and, when asked, to the systemd journal and to syslog. The
/// message is written once when the resource starts and again on every refresh from a parent.
/// </summary>
/// <remarks>
/// Each destination remembers whether it has the current message; a refresh forgets that, so the next run
/// writes it again and counts as a change. In noop mode only mgmt's own log is written (it is how noop mode
/// shows what would happen). Journal fields are extra <c>KEY=value</c> pairs; their names follow the
/// journal's rules (letters, digits and underscores, not starting with an underscore).
/// </remarks>
[ResourceKind("msg")]
public sealed class MsgResource : Resource, IRefreshable
{
    private bool _logged;
    private bool _journaled;
    private bool _syslogged;

    /// <summary>The message.</summary>
    [Param("body")]
    public string Body { get; set; } = "";

    /// <summary>Emerg, Alert, Crit, Err, Warning, Notice (the default when empty), Info or Debug.</summary>
    [Param("priority")]
    public string Priority { get; set; } = "";

    /// <summary>Extra fields for the journal entry.</summary>
    [Param("fields")]
    public IReadOnlyDictionary<string, string>? Fields { get; set; }

    /// <summary>Also write the message to the systemd journal.</summary>
    [Param("journal")]
    public bool Journal { get; set; }

    /// <summary>Also write the message to syslog (<c>/dev/log</c>).</summary>
    [Param("syslog")]
    public bool Syslog { get; set; }

    /// <summary>Where the journal listens; tests point it elsewhere.</summary>
    internal string JournalSocketPath { get; set; } = LocalLogSockets.JournalSocket;

    /// <summary>Where syslog listens; tests point it elsewhere.</summary>
    internal string SyslogSocketPath { get; set; } = LocalLogSockets.SyslogSocket;

    public override void Validate()
    {
        if (MsgPriority.Severity(Priority) < 0)
        {
            throw new ResourceValidationException(
                $"priority '{Priority}' is not known; use one of {string.Join(", ", MsgPriority.Names)}");
        }
        foreach (var key in Fields?.Keys ?? [])
        {
            if (key.Length == 0 || key[0] == '_' || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ResourceValidationException(
                    $"field name '{key}' is not allowed; use letters, digits and underscores, not starting with an underscore");
            }
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Context.Refresh)
        {
            _logged = false;
            _journaled = false;
            _syslogged = false;
        }
        var allDone = _logged && (!Journal || _journaled) && (!Syslog || _syslogged);
        if (allDone) return true;

        var severity = MsgPriority.Severity(Priority);
        if (!_logged)
        {
            MsgLog.Body(Context.Logger, MsgPriority.LogLevelOf(severity), Body);
            _logged = true;
        }
        if (Journal && !_journaled) Context.Changes.Action("send the message to the journal");
        if (!apply) return false;

        if (Journal && !_journaled)
        {
            await WriteAsync("journal", JournalSocketPath,
                () => LocalLogSockets.SendJournalAsync(JournalSocketPath, Body, severity, Fields ?? new Dictionary<string, string>(), "mgmt", cancel))
                .ConfigureAwait(false);
            _journaled = true;
        }
        if (Syslog && !_syslogged)
        {
            await WriteAsync("syslog", SyslogSocketPath,
                () => LocalLogSockets.SendSyslogAsync(SyslogSocketPath, Body, severity, "mgmt", cancel))
                .ConfigureAwait(false);
            _syslogged = true;
        }
        return false;
    }

    private static async Task WriteAsync(string what, string socketPath, Func<Task> send)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException(
                $"could not write to the {what} through {socketPath} ({e.Message}); is it running on this host? " +
                $"Set {what}: false to skip it", e);
        }
    }
}

internal static partial class MsgLog
{
    [LoggerMessage(EventId = 4401, Message = "Body: {Body}")]
    public static partial void Body(ILogger logger, LogLevel level, string body);
}
