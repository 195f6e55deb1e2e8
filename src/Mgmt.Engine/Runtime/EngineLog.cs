using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>The engine's log lines, source-generated, with stable event ids (1xxx: swaps, 2xxx: resources, 3xxx: reversals).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1001, LogLevel.Debug, "graph swap: {Stage} took {Milliseconds:0.###} ms ({Detail})")]
    public static partial void StageDone(ILogger logger, string stage, double milliseconds, string detail);

    [LoggerMessage(1002, LogLevel.Debug, "graph swap: {Kept} kept, {Added} added, {Replaced} replaced, {Removed} removed in {Milliseconds:0.###} ms")]
    public static partial void SwapDone(ILogger logger, int kept, int added, int replaced, int removed, double milliseconds);

    [LoggerMessage(1003, LogLevel.Debug, "graph refused, the running graph is unchanged: {Problem}")]
    public static partial void GraphRefused(ILogger logger, string problem);

    [LoggerMessage(1009, LogLevel.Debug, "graph swap: the whole graph is prepared ({Reason})")]
    public static partial void PreparedInFull(ILogger logger, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "{Resource} is still stopping after {Seconds} s (waiting for its CheckApply or Watch to return)")]
    public static partial void SlowToStop(ILogger logger, string resource, int seconds);

    [LoggerMessage(1005, LogLevel.Debug, "waiting for {Count} resource(s) with Meta:realize to run once before they are removed")]
    public static partial void WaitingForRealize(ILogger logger, int count);

    [LoggerMessage(1006, LogLevel.Information, "shutting down")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(1007, LogLevel.Warning, "interrupt: cancelling running checks, no new ones will start")]
    public static partial void SoftInterrupt(ILogger logger);

    [LoggerMessage(1008, LogLevel.Warning, "interrupt: telling {Count} running resource(s) to stop at once")]
    public static partial void HardInterrupt(ILogger logger, int count);

    [LoggerMessage(2001, LogLevel.Information, "{Resource}: applied a change ({Milliseconds:0.###} ms)")]
    public static partial void Changed(ILogger logger, object resource, double milliseconds);

    [LoggerMessage(2002, LogLevel.Information, "{Resource}: would change (noop)")]
    public static partial void WouldChange(ILogger logger, object resource);

    [LoggerMessage(2003, LogLevel.Warning, "{Resource}: {Error} (retrying in {DelayMs} ms, {Left} retries left)")]
    public static partial void WillRetry(ILogger logger, string resource, string error, long delayMs, string left);

    [LoggerMessage(2004, LogLevel.Error, "{Resource}: failed for good: {Error}")]
    public static partial void FailedPermanently(ILogger logger, string resource, string error);

    [LoggerMessage(2010, LogLevel.Error, "{Resource}: failed: {Error} (no retries left; trying again on its next event or in {DelayMs} ms)")]
    public static partial void FailedHealing(ILogger logger, string resource, string error, long delayMs);

    [LoggerMessage(2011, LogLevel.Warning, "{Resource}: still failing: {Error} (trying again on its next event or in {DelayMs} ms)")]
    public static partial void StillFailing(ILogger logger, string resource, string error, long delayMs);

    [LoggerMessage(2015, LogLevel.Debug, "{Resource}: still failing the same way: {Error} (trying again on its next event or in {DelayMs} ms)")]
    public static partial void StillFailingSame(ILogger logger, string resource, string error, long delayMs);

    [LoggerMessage(2012, LogLevel.Information, "{Resource}: recovered")]
    public static partial void Recovered(ILogger logger, string resource);

    [LoggerMessage(2005, LogLevel.Debug, "{Resource}: state is right ({Milliseconds:0.###} ms)")]
    public static partial void Checked(ILogger logger, object resource, double milliseconds);

    [LoggerMessage(2006, LogLevel.Warning, "{Resource}: cleanup failed: {Error}")]
    public static partial void CleanupFailed(ILogger logger, string resource, string error);

    [LoggerMessage(2007, LogLevel.Debug, "{Resource}: rate limited for {Milliseconds:0.###} ms")]
    public static partial void RateLimited(ILogger logger, object resource, double milliseconds);

    [LoggerMessage(2008, LogLevel.Warning, "a handler of the engine's {Event} event threw: {Error}")]
    public static partial void HandlerFailed(ILogger logger, string @event, string error);

    [LoggerMessage(2009, LogLevel.Warning, "{Resource}: Interrupt() threw: {Error}")]
    public static partial void InterruptFailed(ILogger logger, string resource, string error);

    [LoggerMessage(2010, LogLevel.Information, "{Resource}: changed {Changes} ({Milliseconds:0.###} ms){Details}")]
    public static partial void ChangedThis(ILogger logger, object resource, string changes, double milliseconds, string details);

    [LoggerMessage(2011, LogLevel.Information, "{Resource}: would change {Changes} (noop){Details}")]
    public static partial void WouldChangeThis(ILogger logger, object resource, string changes, string details);

    [LoggerMessage(2012, LogLevel.Information, "{Resource}: CheckApply still running after {Seconds} s")]
    public static partial void StillRunning(ILogger logger, object resource, int seconds);

    [LoggerMessage(3001, LogLevel.Information, "reversal: adding {Reversal} to undo {Original}, which left the graph")]
    public static partial void ReversalInjected(ILogger logger, string reversal, string original);

    [LoggerMessage(3002, LogLevel.Warning, "reversal record {Path} cannot be read ({Problem}); it is ignored and left in place")]
    public static partial void ReversalUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(3003, LogLevel.Warning, "reversal of {Original} is not applied: the graph already has {Reversal}")]
    public static partial void ReversalSkipped(ILogger logger, string original, string reversal);

    [LoggerMessage(3004, LogLevel.Warning, "reversal {Reversal} is invalid and is not applied: {Problem}")]
    public static partial void ReversalInvalid(ILogger logger, string reversal, string problem);

    [LoggerMessage(3005, LogLevel.Debug, "reversal: recorded how to undo {Resource}")]
    public static partial void ReversalRecorded(ILogger logger, string resource);

    [LoggerMessage(3006, LogLevel.Information, "reversal: {Resource} was undone; its record is deleted")]
    public static partial void ReversalDone(ILogger logger, string resource);
}
