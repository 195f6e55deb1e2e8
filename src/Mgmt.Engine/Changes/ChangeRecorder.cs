using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Changes;

/// <summary>
/// The engine's <see cref="IChangeReport"/> for one resource: it keeps what the running CheckApply reports, with
/// secrets hidden and content turned into diffs, until the engine takes it when the CheckApply returns.
/// </summary>
/// <remarks>
/// The resource's context is its recorder (a subclass), and it locks on itself rather than on a Lock of its own:
/// every resource has one, and a separate recorder and Lock were 80 bytes more per resource (100,000 files: 8 MB).
/// </remarks>
internal abstract class ChangeRecorder(Resource resource) : IChangeReport
{
    /// <summary>The resource whose changes are recorded.</summary>
    public Resource Resource => resource;

    private List<ResourceChange>? _changes;
    private bool _open;

    /// <summary>A CheckApply starts: reports are kept from now on.</summary>
    public void Begin()
    {
        lock (this)
        {
            _open = true;
            _changes = null;
        }
    }

    /// <summary>The CheckApply returned: what it reported, in order; reports are ignored again until the next one.</summary>
    public List<ResourceChange>? Take()
    {
        lock (this)
        {
            _open = false;
            var taken = _changes;
            _changes = null;
            return taken;
        }
    }

    public void Set(string field, string? from, string? to)
    {
        if (IsSensitive(field))
        {
            from = from is null ? null : ResourceChange.Hidden;
            to = to is null ? null : ResourceChange.Hidden;
        }
        Add(new ResourceChange(resource.ToString(), field, from, to));
    }

    public void Content(string field, byte[]? before, byte[]? after, bool sensitive = false)
    {
        var diff = sensitive || IsSensitive(field)
            ? $"(not shown: sensitive; {Sizes(before)} -> {Sizes(after)})"
            : UnifiedDiff.Create(resource.Name, before, before is not null, after, after is not null);
        Add(new ResourceChange(resource.ToString(), field, null, null, diff));
    }

    public void Action(string description) => Add(new ResourceChange(resource.ToString(), "", null, null, Action: description));

    private static string Sizes(byte[]? content) => content is { } c ? $"{c.Length} bytes" : "absent";

    private bool IsSensitive(string field)
    {
        foreach (var p in resource.Descriptor.Params)
        {
            if (p.IsSensitive && p.Name == field) return true;
        }
        return false;
    }

    private void Add(ResourceChange change)
    {
        lock (this)
        {
            if (!_open) return;
            // Two steps of one resource may find the same thing (a write that also fixes the mode): say it once.
            if (_changes is not null && _changes.Contains(change)) return;
            (_changes ??= []).Add(change);
        }
    }
}
