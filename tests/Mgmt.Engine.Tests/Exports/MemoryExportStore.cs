using System.Collections.Concurrent;
using Mgmt.Engine.Exports;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Exports;

/// <summary>An export store in memory that logs every call in a journal and can be told to fail.</summary>
public sealed class MemoryExportStore : IExportStore
{
    /// <summary>Where calls are recorded; tests point it at their harness's journal.</summary>
    public Journal Journal { get; set; } = new();

    private readonly ConcurrentDictionary<ExportAddress, string> _stored = new();
    private int _concurrent;

    public IReadOnlyDictionary<ExportAddress, string> Stored => _stored;

    /// <summary>Calls fail with this message while it is set.</summary>
    public string? FailWith { get; set; }

    public int Publishes { get; private set; }

    public int Withdrawals { get; private set; }

    /// <summary>True if two calls ever overlapped (the engine promises they never do).</summary>
    public bool Overlapped { get; private set; }

    public async Task<bool> PublishAsync(IReadOnlyList<ExportEntry> entries, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            await Task.Yield();
            if (FailWith is { } failure) throw new InvalidOperationException(failure);
            Publishes++;
            var changed = false;
            foreach (var e in entries)
            {
                Journal.Add(e.Address.Name, "publish", detail: e.Address.ToHost);
                changed |= !_stored.TryGetValue(e.Address, out var old) || old != e.Payload;
                _stored[e.Address] = e.Payload;
            }
            return changed;
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    public async Task<bool> WithdrawAsync(IReadOnlyList<ExportAddress> addresses, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            await Task.Yield();
            if (FailWith is { } failure) throw new InvalidOperationException(failure);
            Withdrawals++;
            var any = false;
            foreach (var a in addresses)
            {
                Journal.Add(a.Name, "withdraw", detail: a.ToHost);
                any |= _stored.TryRemove(a, out _);
            }
            return any;
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _concurrent) > 1) Overlapped = true;
    }
}
