namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A count of the work a running program has in hand (see <see cref="StreamInbox"/>), with a notification each time
/// it goes from zero to busy or back.
/// </summary>
/// <remarks>
/// Notifications come from whichever thread made the transition and may arrive out of order when two threads race:
/// a handler must read <see cref="IsBusy"/> rather than trust the order of calls. The last call always follows the
/// last transition, so a handler that reads the current state ends up right.
/// </remarks>
public sealed class RuntimeActivity
{
    private int _count;

    /// <summary>Raised after the program became busy or idle.</summary>
    public event Action? Changed;

    public bool IsBusy => Volatile.Read(ref _count) > 0;

    internal void Enter()
    {
        if (Interlocked.Increment(ref _count) == 1) Changed?.Invoke();
    }

    internal void Exit(int units = 1)
    {
        if (units == 0) return;
        if (Interlocked.Add(ref _count, -units) == 0) Changed?.Invoke();
    }

    /// <summary>One unit of activity, ended by <see cref="IDisposable.Dispose"/> (once, however often it is called).</summary>
    internal IDisposable Begin()
    {
        Enter();
        return new Unit(this);
    }

    private sealed class Unit(RuntimeActivity owner) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) owner.Exit();
        }
    }
}
