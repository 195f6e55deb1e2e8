namespace Mgmt.Engine.Resources;

/// <summary>
/// A host service through which a resource asks the agent that runs it to stop (the <c>exit</c> resource). The
/// agent stops the way it does for a signal: the running graph winds down, then the process ends with the code.
/// </summary>
public interface IAgentExit
{
    /// <summary>
    /// Asks the agent to stop and to end with <paramref name="code"/>. Returns at once; the first request wins,
    /// later ones are ignored. <paramref name="requester"/> names who asked, for the log.
    /// </summary>
    void RequestExit(int code, string requester);
}
