namespace Mgmt.Engine.Runtime;

/// <summary>
/// How the engine tries again a resource that failed and has no immediate retry left (<c>Meta:retry</c>), so that a
/// fault that goes away (a full disk, a service that was down) heals without a restart. Such a resource is tried
/// again whenever its watch reports a change, and on a backoff: after <see cref="FirstDelay"/>, then twice as long
/// after each try that fails again, up to <see cref="MaxDelay"/>. A <c>Meta:delay</c> longer than the first delay
/// is used instead of it, and one longer than the maximum raises the maximum to it. The first success ends the
/// failure: the resource counts as right again and its children go on.
/// </summary>
public sealed record HealingPolicy
{
    /// <summary>The defaults: first try again after 1 s, then 2, 4, 8... up to one try a minute.</summary>
    public static HealingPolicy Default { get; } = new();

    /// <summary>The wait before the first try again after the failure.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before the first try, for a resource with <c>Meta:delay</c> of <paramref name="metaDelayMs"/>.</summary>
    public TimeSpan First(long metaDelayMs) => Max(FirstDelay, TimeSpan.FromMilliseconds(Math.Max(0, metaDelayMs)));

    /// <summary>The wait after <paramref name="previous"/>: twice as long, at most the maximum.</summary>
    public TimeSpan Next(TimeSpan previous, long metaDelayMs)
    {
        var cap = Max(MaxDelay, TimeSpan.FromMilliseconds(Math.Max(0, metaDelayMs)));
        var doubled = previous >= cap / 2 ? cap : previous * 2;
        return Max(First(metaDelayMs), doubled > cap ? cap : doubled);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
