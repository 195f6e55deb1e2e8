using Mgmt.World.Store;

namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    /// <summary>
    /// Claims <c>hosts/&lt;hostname&gt;</c> on <paramref name="lease"/>. When another session holds it: a claim that is
    /// provably this agent's own earlier run (same machine, same prefix, its process gone) is taken over at once;
    /// any other claim is waited for, for as long as its lease has left (said in the log), since a crashed agent's
    /// claim runs out by itself; a claim that is still renewed after that belongs to a live agent and is refused.
    /// </summary>
    private async Task ClaimHostnameAsync(long lease, CancellationToken cancellationToken)
    {
        var presence = WorldJson.Write(new PresenceRecord(Instance, Options.Time.GetUtcNow(), Environment.ProcessId)
        {
            Machine = ProcessIdentity.MachineId,
            Boot = ProcessIdentity.BootId,
            ProcessStart = ProcessIdentity.StartTicks(Environment.ProcessId),
            Prefix = Options.Prefix,
        });
        var key = Layout.HostKey(Hostname);
        DateTimeOffset? giveUpAt = null;
        while (true)
        {
            var holder = await Calls.RunAsync($"claim the hostname {Hostname}", (s, ct) => s.CreateAsync(key, presence, lease, ct), cancellationToken)
                .ConfigureAwait(false);
            if (holder is null || holder.LeaseId == lease)
            {
                return;
            }
            var other = WorldJson.TryRead(holder.Value, WorldJson.Default.PresenceRecord);
            if (other is not null && IsOwnEarlierRun(other))
            {
                WorldLog.TakingOver(Options.Logger, Hostname, other.Pid, other.Started);
                // Ending its session also removes what it published (map entries, exports): they died with it.
                await Calls.RunAsync("end the session of this agent's earlier run", (s, ct) => s.RevokeLeaseAsync(holder.LeaseId, ct), cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }
            var left = holder.LeaseId == 0
                ? null
                : await Calls.RunAsync("ask how long the other claim lasts", (s, ct) => s.LeaseTimeToLiveAsync(holder.LeaseId, ct), cancellationToken).ConfigureAwait(false);
            var now = Options.Time.GetUtcNow();
            if (left is null && holder.LeaseId != 0)
            {
                continue; // it has just run out
            }
            if (giveUpAt is null && left is { } first)
            {
                // A dead holder's lease runs out within what it has left; a live one is renewed before.
                giveUpAt = now + first + TimeSpan.FromSeconds(1.5);
                WorldLog.WaitingForHostname(Options.Logger, Hostname, Describe(other), Math.Ceiling(first.TotalSeconds + 1.5));
            }
            if (giveUpAt is null || now > giveUpAt)
            {
                throw new HostnameInUseException(
                    $"the hostname \"{Hostname}\" is already used by {Describe(other)} in cluster \"{Options.Cluster}\", which is alive (it kept its claim). "
                    + "Every agent needs its own name: start this one with another --hostname, or stop the other one first.");
            }
            // Our own lease is not renewed by its keeper yet: keep it alive while we wait.
            await Calls.Store.KeepAliveAsync(lease, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(250), Options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="other"/> was written by an earlier run of this very agent that is gone.</summary>
    private bool IsOwnEarlierRun(PresenceRecord other) =>
        Options.Prefix is not null
        && other.Prefix == Options.Prefix
        && other.Pid != Environment.ProcessId
        && ProcessIdentity.IsGoneFromThisMachine(other.Machine, other.Boot, other.Pid, other.ProcessStart);

    private static string Describe(PresenceRecord? other) =>
        other is null ? "another agent" : $"another agent (pid {other.Pid}, running since {other.Started:u})";
}
