using Mgmt.Engine.Values;

namespace Mgmt.Engine.Resources;

/// <summary>
/// How the engine runs one resource. Every resource has all of them; the defaults leave a resource running
/// normally. Users set them with <c>Meta:name => value</c> in mcl or under <c>meta:</c> in YAML.
/// </summary>
public sealed record MetaParams
{
    public static readonly MetaParams Default = new();

    /// <summary>Check only: CheckApply runs with apply=false.</summary>
    public bool Noop { get; init; }

    /// <summary>How many times a failing Watch or CheckApply is retried; -1 retries forever.</summary>
    public int Retry { get; init; }

    /// <summary>Reset the CheckApply retry counter after each success.</summary>
    public bool RetryReset { get; init; }

    /// <summary>Milliseconds to wait between retries.</summary>
    public long Delay { get; init; }

    /// <summary>Milliseconds one CheckApply may take before it is cancelled; 0 is no limit.</summary>
    public long Timeout { get; init; }

    /// <summary>Seconds between polls, replacing the event watch when positive.</summary>
    public long Poll { get; init; }

    /// <summary>Most CheckApply runs per second (a token bucket with <see cref="Burst"/>); infinity is no limit.</summary>
    public double Limit { get; init; } = double.PositiveInfinity;

    /// <summary>Size of the rate limiter's bucket; must be positive when <see cref="Limit"/> is finite.</summary>
    public int Burst { get; init; }

    /// <summary>Forget retry counters when the resource's parameters change.</summary>
    public bool Reset { get; init; }

    /// <summary>Named counting semaphores (<c>id</c> or <c>id:N</c>) held while CheckApply runs.</summary>
    public IReadOnlyList<string> Sema { get; init; } = [];

    /// <summary>Restart a permanently failed resource at the next graph swap.</summary>
    public bool Rewatch { get; init; }

    /// <summary>Ensure at least one CheckApply before the resource leaves the graph.</summary>
    public bool Realize { get; init; }

    /// <summary>Allow a name that starts with <c>$</c> (otherwise taken for a forgotten interpolation).</summary>
    public bool Dollar { get; init; }

    /// <summary>Keep the resource in the graph without running it (for send/recv, export and edges).</summary>
    public bool Hidden { get; init; }

    /// <summary>Hosts (or <c>*</c>) to export this resource to through the world.</summary>
    public IReadOnlyList<string> Export { get; init; } = [];

    /// <summary>Undo this resource's changes when it leaves the graph (for reversible kinds).</summary>
    public bool Reverse { get; init; }

    /// <summary>Allow automatic edges to and from this resource.</summary>
    public bool AutoEdge { get; init; } = true;

    /// <summary>Allow this resource to be grouped with others of its kind.</summary>
    public bool AutoGroup { get; init; } = true;

    public bool Equals(MetaParams? other) =>
        other is not null &&
        Noop == other.Noop && Retry == other.Retry && RetryReset == other.RetryReset && Delay == other.Delay &&
        Timeout == other.Timeout && Poll == other.Poll && Limit.Equals(other.Limit) && Burst == other.Burst &&
        Reset == other.Reset && Sema.SequenceEqual(other.Sema) && Rewatch == other.Rewatch &&
        Realize == other.Realize && Dollar == other.Dollar && Hidden == other.Hidden &&
        Export.SequenceEqual(other.Export) && Reverse == other.Reverse && AutoEdge == other.AutoEdge &&
        AutoGroup == other.AutoGroup;

    public override int GetHashCode() => HashCode.Combine(Noop, Retry, Delay, Timeout, Poll, Limit, Burst, Hidden);

    /// <summary>
    /// Checks the combination; throws <see cref="ResourceValidationException"/> with what to change, for the first
    /// of <see cref="FindProblems"/>. Export targets are checked separately (<see cref="FindExportProblems"/>).
    /// </summary>
    public void Validate()
    {
        var problems = FindProblems();
        if (problems.Count > 0) throw new ResourceValidationException(problems[0].Message);
    }

    /// <summary>
    /// Every mistake <see cref="Validate"/> looks for, not only the first: one entry per offending setting (per
    /// entry for <c>sema</c>), in the order <see cref="Validate"/> checks them. Empty when the combination is valid.
    /// </summary>
    public IReadOnlyList<MetaProblem> FindProblems()
    {
        var problems = new List<MetaProblem>();
        void Add(string field, string message) => problems.Add(new MetaProblem(field, null, message));

        if (Retry < -1) Add("retry", $"Meta:retry must be -1 (forever) or more, not {Retry}");
        if (Delay < 0) Add("delay", $"Meta:delay is in milliseconds and cannot be negative ({Delay})");
        if (Timeout < 0) Add("timeout", $"Meta:timeout is in milliseconds and cannot be negative ({Timeout})");
        if (Poll < -1) Add("poll", $"Meta:poll must be a number of seconds, or -1 to run once ({Poll})");
        if (double.IsNaN(Limit) || Limit < 0) Add("limit", $"Meta:limit must be a positive rate in events per second ({Limit})");
        else if (!double.IsPositiveInfinity(Limit) && Burst <= 0)
        {
            Add("burst", "Meta:limit needs Meta:burst of at least 1 (the size of the rate limiter's bucket)");
        }
        for (var i = 0; i < Sema.Count; i++)
        {
            try
            {
                Semaphore.Parse(Sema[i]);
            }
            catch (ResourceValidationException e)
            {
                problems.Add(new MetaProblem("sema", i, e.Message));
            }
        }
        return problems;
    }

    /// <summary>
    /// The <c>export</c> targets that are not hostnames (nor <c>*</c>), one entry each. The engine checks these for
    /// every resource, hidden ones included (they are the usual exporters), before a graph may run.
    /// </summary>
    public IReadOnlyList<MetaProblem> FindExportProblems() => Exports.ExportTargets.FindProblems(this);

    /// <summary>
    /// True when <paramref name="name"/> starts with <c>$</c> and <see cref="Dollar"/> does not allow it: such a
    /// name usually comes from a variable that was not interpolated, so the engine refuses the resource.
    /// </summary>
    public bool RefusesName(string name) => !Dollar && name.StartsWith('$');

    /// <summary>The meta parameters by mcl name, with their types, for the front ends.</summary>
    public static IReadOnlyList<MetaField> Fields { get; } =
    [
        new("noop", DataType.Bool, m => Value.Bool(m.Noop), (m, v) => m with { Noop = v.AsBool() }),
        new("retry", DataType.Int, m => Value.Int(m.Retry), (m, v) => m with { Retry = checked((short)v.AsInt()) }),
        new("retryreset", DataType.Bool, m => Value.Bool(m.RetryReset), (m, v) => m with { RetryReset = v.AsBool() }),
        new("delay", DataType.Int, m => Value.Int(m.Delay), (m, v) => m with { Delay = v.AsInt() }),
        new("timeout", DataType.Int, m => Value.Int(m.Timeout), (m, v) => m with { Timeout = v.AsInt() }),
        new("poll", DataType.Int, m => Value.Int(m.Poll), (m, v) => m with { Poll = v.AsInt() }),
        new("limit", DataType.Float, m => Value.Float(m.Limit), (m, v) => m with { Limit = v.AsFloat() }),
        new("burst", DataType.Int, m => Value.Int(m.Burst), (m, v) => m with { Burst = checked((int)v.AsInt()) }),
        new("reset", DataType.Bool, m => Value.Bool(m.Reset), (m, v) => m with { Reset = v.AsBool() }),
        new("sema", DataType.List(DataType.Str), m => Value.StrList(m.Sema), (m, v) => m with { Sema = [.. v.AsList().Items.Select(i => i.AsStr())] }),
        new("rewatch", DataType.Bool, m => Value.Bool(m.Rewatch), (m, v) => m with { Rewatch = v.AsBool() }),
        new("realize", DataType.Bool, m => Value.Bool(m.Realize), (m, v) => m with { Realize = v.AsBool() }),
        new("dollar", DataType.Bool, m => Value.Bool(m.Dollar), (m, v) => m with { Dollar = v.AsBool() }),
        new("hidden", DataType.Bool, m => Value.Bool(m.Hidden), (m, v) => m with { Hidden = v.AsBool() }),
        new("export", DataType.List(DataType.Str), m => Value.StrList(m.Export), (m, v) => m with { Export = [.. v.AsList().Items.Select(i => i.AsStr())] }),
        new("reverse", DataType.Bool, m => Value.Bool(m.Reverse), (m, v) => m with { Reverse = v.AsBool() }),
        new("autoedge", DataType.Bool, m => Value.Bool(m.AutoEdge), (m, v) => m with { AutoEdge = v.AsBool() }),
        new("autogroup", DataType.Bool, m => Value.Bool(m.AutoGroup), (m, v) => m with { AutoGroup = v.AsBool() }),
    ];

    /// <summary>The type of the whole <c>Meta => struct{...}</c> form.</summary>
    public static StructType StructType { get; } = new(Fields.Select(f => new StructField(f.Name, f.Type)));

    public static MetaField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>One meta parameter: its mcl name, type, and how to read and set it.</summary>
public sealed record MetaField(string Name, DataType Type, Func<MetaParams, Value> Get, Func<MetaParams, Value, MetaParams> Set);
