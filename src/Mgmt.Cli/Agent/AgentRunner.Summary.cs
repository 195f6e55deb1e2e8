using Mgmt.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

using Engine = Mgmt.Engine.Runtime.Engine;

// The closing line of a one-shot run (--converged-exit): what the run did, in one line a cron mail can show.
public sealed partial class AgentRunner
{
    private readonly long _startedAt = (time ?? TimeProvider.System).GetTimestamp();

    private void LogSummary(Engine engine)
    {
        var status = engine.Status();
        var changed = status.Count(s => s.Changes > 0);
        var failed = status.Count(s => s.State is VertexState.Failed or VertexState.Retrying);
        var seconds = _time.GetElapsedTime(_startedAt).TotalSeconds;
        if (settings.Noop) SummaryLog.WouldChange(_log, status.Count, changed, failed, seconds);
        else SummaryLog.Done(_log, status.Count, changed, failed, seconds);
    }

    private static partial class SummaryLog
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "summary: {Resources} resources, {Changed} changed, {Failed} failed, in {Seconds:0.00} s")]
        public static partial void Done(ILogger logger, int resources, int changed, int failed, double seconds);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "summary (noop): {Resources} resources, {Changed} would change, {Failed} failed, in {Seconds:0.00} s")]
        public static partial void WouldChange(ILogger logger, int resources, int changed, int failed, double seconds);
    }
}
