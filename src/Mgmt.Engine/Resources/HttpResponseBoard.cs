namespace Mgmt.Engine.Resources;

/// <summary>
/// A host service in memory: what each HTTP client resource last got, by its name (uid), for the
/// <c>net/http.response</c> function. The resource publishes, the function follows. An unknown uid reads as
/// "nothing yet" (status 0, no body), which is also what a function sees before the resource first ran.
/// </summary>
public sealed class HttpResponseBoard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HttpResponseState> _states = new(StringComparer.Ordinal);

    /// <summary>Raised (outside the lock) with the uid whose state changed.</summary>
    public event Action<string>? Changed;

    /// <summary>Publishes the state of <paramref name="uid"/>.</summary>
    public void Set(string uid, HttpResponseState state)
    {
        lock (_lock)
        {
            if (_states.TryGetValue(uid, out var old) && old == state) return;
            _states[uid] = state;
        }
        Changed?.Invoke(uid);
    }

    /// <summary>The state of <paramref name="uid"/>, or <see cref="HttpResponseState.Nothing"/>.</summary>
    public HttpResponseState Get(string uid)
    {
        lock (_lock) return _states.GetValueOrDefault(uid, HttpResponseState.Nothing);
    }
}

/// <summary>
/// What an HTTP client resource last got: the status code (0 when nothing is known yet, -1 when the request failed
/// without a status) and the file holding the body (empty when there is none).
/// </summary>
public sealed record HttpResponseState(int Status, string BodyPath)
{
    public static HttpResponseState Nothing { get; } = new(0, "");
}
