namespace Mgmt.Resources;

/// <summary>
/// The time limits of the embedded server. A null limit means none: a client may take as long as it likes, and
/// shutting down waits for the requests in flight to finish.
/// </summary>
/// <param name="Read">How long reading one request (head and body) may take; also how long a kept-alive connection may idle.</param>
/// <param name="Write">How long writing one response may take.</param>
/// <param name="Shutdown">How long a stop waits for requests in flight before cutting their connections.</param>
internal sealed record HttpServerLimits(TimeSpan? Read, TimeSpan? Write, TimeSpan? Shutdown)
{
    public static readonly HttpServerLimits None = new(null, null, null);
}
