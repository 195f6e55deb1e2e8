namespace Mgmt.World;

/// <summary>How the elected hosts of a schedule namespace are chosen among its candidates.</summary>
public enum ScheduleStrategy
{
    /// <summary><c>rr</c>: the first <see cref="ScheduleOptions.Max"/> candidates in the order they joined. An
    /// elected host stays elected while it lives; a newcomer is elected only when a place frees up.</summary>
    RoundRobin,

    /// <summary><c>alpha</c>: the first <see cref="ScheduleOptions.Max"/> candidates in alphabetical order.</summary>
    Alphabetical,
}

/// <summary>
/// A candidate's options for one schedule namespace. When candidates disagree, the options of the candidate
/// that joined first apply to everyone (so every host computes the same result).
/// </summary>
public sealed record ScheduleOptions
{
    /// <summary>How long a candidate stays registered after its agent dies without a clean shutdown, when
    /// <see cref="Ttl"/> is not given.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(10);

    public ScheduleStrategy Strategy { get; init; } = ScheduleStrategy.RoundRobin;

    /// <summary>At most this many hosts are elected; at least 1.</summary>
    public int Max { get; init; } = 1;

    /// <summary>How long the registration outlives its host (abrupt death; with <see cref="Persist"/> also a
    /// clean leave). Null means <see cref="DefaultTtl"/>, or forever for a persisted registration. Whole seconds
    /// (etcd leases count seconds); at least one second.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Keep the registration when the host leaves cleanly, for <see cref="Ttl"/> or forever without one.</summary>
    public bool Persist { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a message for the user when an option is out of range.</summary>
    public void Validate()
    {
        if (Max < 1)
        {
            throw new ArgumentException($"schedule option max is {Max}: it must be at least 1 (the number of hosts to elect)");
        }
        if (Ttl is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl > TimeSpan.FromDays(365)))
        {
            throw new ArgumentException($"schedule option ttl is {ttl.TotalSeconds} s: it must be between 1 second and one year");
        }
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentException($"schedule strategy {(int)Strategy} is not one of rr, alpha");
        }
    }

    /// <summary>The strategy named <paramref name="name"/> in mcl (<c>rr</c> or <c>alpha</c>); an empty name is <c>rr</c>.</summary>
    public static ScheduleStrategy ParseStrategy(string name) => name switch
    {
        "" or "rr" => ScheduleStrategy.RoundRobin,
        "alpha" => ScheduleStrategy.Alphabetical,
        _ => throw new ArgumentException($"unknown schedule strategy \"{name}\": use \"rr\" (in order of arrival) or \"alpha\" (alphabetical)"),
    };

    /// <summary>The mcl name of <paramref name="strategy"/>.</summary>
    public static string StrategyName(ScheduleStrategy strategy) => strategy == ScheduleStrategy.Alphabetical ? "alpha" : "rr";
}

/// <summary>A schedule namespace as one host sees it.</summary>
/// <param name="Candidates">Registered candidates in the order they joined.</param>
/// <param name="Elected">The elected hosts, in election order.</param>
/// <param name="Options">The options in force (those of the first candidate), or null with no candidate.</param>
public sealed record ScheduleState(IReadOnlyList<string> Candidates, IReadOnlyList<string> Elected, ScheduleOptions? Options);
