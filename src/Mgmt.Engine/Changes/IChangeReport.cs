namespace Mgmt.Engine.Changes;

/// <summary>
/// How a resource tells, from inside CheckApply, what it changed, or in noop what it would change: one call per
/// thing that is (or was) wrong, made at the moment it is found, before the resource acts on it. The engine logs
/// the report once per CheckApply, attaches it to the resource's event (metrics, the web view) and hides secrets.
/// </summary>
/// <remarks>
/// <para>Report the same calls whether <c>apply</c> is true or false: then <c>--noop</c> shows exactly what a real
/// run would do. Report only what differs; a resource whose state is right reports nothing.</para>
/// <para>Calls are cheap and thread-safe. Outside CheckApply they are ignored.</para>
/// </remarks>
public interface IChangeReport
{
    /// <summary>
    /// A value that is (or was) wrong: <paramref name="field"/> goes from <paramref name="from"/> to
    /// <paramref name="to"/> (<c>mode</c>, <c>0644</c>, <c>0600</c>). Null means absent (<c>state</c>: null to
    /// <c>exists</c>). A field named after a parameter marked sensitive is shown as hidden.
    /// </summary>
    void Set(string field, string? from, string? to);

    /// <summary>
    /// Content that is (or was) wrong: logged as a bounded unified diff of the two texts, or as sizes and hashes for
    /// binary or very large content. Null means the content did not exist (a new file) or will not (a removal).
    /// With <paramref name="sensitive"/> only the fact of the change and the sizes are shown.
    /// </summary>
    void Content(string field, byte[]? before, byte[]? after, bool sensitive = false);

    /// <summary>Something done that is not a value (<c>ran /usr/bin/make</c>, <c>restarted nginx.service</c>).</summary>
    void Action(string description);
}

/// <summary>A report that keeps nothing: for contexts that do not record changes (unit-test fakes, hosts without an engine).</summary>
public sealed class IgnoredChanges : IChangeReport
{
    public static readonly IgnoredChanges Instance = new();

    private IgnoredChanges()
    {
    }

    public void Set(string field, string? from, string? to)
    {
    }

    public void Content(string field, byte[]? before, byte[]? after, bool sensitive = false)
    {
    }

    public void Action(string description)
    {
    }
}
