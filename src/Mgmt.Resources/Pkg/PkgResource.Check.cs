using Mgmt.Platform.Packages;

namespace Mgmt.Resources;

// CheckApply: compare every member's wanted state with dpkg's status (and apt's candidates where they matter),
// then fix all the wrong ones in one apt transaction, simulated first. A member whose state cannot be reached
// (an unknown package, a version no repository offers, a repository it does not allow) is left out of the
// transaction rather than holding back the others of its group; the check still fails, naming it.
public sealed partial class PkgResource
{
    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (EffectiveBackend == "packagekit") return await PackageKitCheckApplyAsync(apply, cancel).ConfigureAwait(false);
        var members = Members.ToList();
        var unreachable = new List<string>();
        var snapshot = _dpkg!.Snapshot();
        var needPolicy = members
            .Where(m => m.State != Uninstalled && (m.State != Installed || snapshot.Find(m.Name) is not { IsInstalled: true }))
            .Select(m => m.Name)
            .ToList();
        var policies = await _apt!.PolicyAsync(needPolicy, cancel).ConfigureAwait(false);

        var changes = new List<(PkgResource Member, AptChange Change, AptVersionEntry? Target, string Text)>();
        foreach (var m in members)
        {
            var installed = snapshot.Find(m.Name);
            var policy = policies.GetValueOrDefault(m.Name);
            try
            {
                var change = m.Evaluate(installed, policy);
                if (change is not null) changes.Add((m, change.Value.Change, change.Value.Target, Describe(change.Value.Change, installed, change.Value.Target)));
            }
            catch (IOException e)
            {
                unreachable.Add(e.Message);
            }
        }
        if (changes.Count == 0)
        {
            ThrowIfUnreachable(unreachable, changed: false);
            return true;
        }

        PkgLog.Needed(Context.Logger, string.Join(", ", changes.Select(c => c.Text)));
        foreach (var c in changes) Context.Changes.Action(c.Text);
        if (!apply)
        {
            ThrowIfUnreachable(unreachable, changed: false);
            return false;
        }

        var refused = await CheckSourcesAsync(changes.Where(c => c.Target is not null).Select(c => (c.Member, c.Target!)).ToList(), cancel).ConfigureAwait(false);
        unreachable.AddRange(refused.Values);
        changes.RemoveAll(c => refused.ContainsKey(c.Member));
        if (changes.Count > 0) await TransactAsync([.. changes.Select(c => c.Change)], [.. changes.Select(c => c.Text)], cancel).ConfigureAwait(false);
        ThrowIfUnreachable(unreachable, changed: changes.Count > 0);
        return false;
    }

    /// <summary>Runs one apt transaction for <paramref name="changes"/>: simulated, checked for side effects, applied.</summary>
    private async Task TransactAsync(List<AptChange> changes, List<string> descriptions, CancellationToken cancel)
    {
        var request = new AptRequest
        {
            Changes = changes,
            AllowDowngrades = AllowDowngrade,
            AllowUnauthenticated = AllowUntrusted,
        };
        var plan = await _apt!.SimulateAsync(request, cancel).ConfigureAwait(false);
        RefuseUnrequestedRemovals(request, plan);
        await _apt.ApplyAsync(request, cancel).ConfigureAwait(false);
        PkgLog.Applied(Context.Logger, string.Join(", ", descriptions));
    }

    private static void ThrowIfUnreachable(List<string> unreachable, bool changed)
    {
        if (unreachable.Count == 0) return;
        var message = string.Join("; ", unreachable);
        throw new IOException(changed ? message + " (the other packages of its group were changed as asked)" : message);
    }

    /// <summary>
    /// The change this member needs given what dpkg has installed and what apt offers, or null when its state is
    /// right. Throws when the wanted state cannot be reached (unknown package, missing version, downgrade).
    /// </summary>
    private (AptChange Change, AptVersionEntry? Target)? Evaluate(DpkgPackage? installed, AptPackagePolicy? policy)
    {
        var isInstalled = installed is { IsInstalled: true };
        switch (State)
        {
            case Uninstalled:
                if (!isInstalled && installed is not { IsBroken: true }) return null;
                return (new AptChange(Name, AptChangeKind.Remove), null);

            case Installed:
                if (isInstalled) return null;
                return (new AptChange(Name, AptChangeKind.Install), CandidateOrThrow(policy));

            case Newest:
                if (isInstalled && (policy?.Candidate is null || policy.Candidate == installed!.Version)) return null;
                return (new AptChange(Name, AptChangeKind.Install), CandidateOrThrow(policy));

            default:
                if (isInstalled && installed!.Version == State) return null;
                var wanted = policy?.Find(State);
                if (wanted is null || !wanted.IsDownloadable)
                {
                    if (policy is null) throw Unknown();
                    var offered = policy.Versions.Where(v => v.IsDownloadable).Select(v => v.Version).ToList();
                    throw new IOException(
                        $"version {State} of package '{Name}' is not offered by any configured repository; " +
                        (offered.Count == 0 ? "none offers any version of it" : $"available: {string.Join(", ", offered)}"));
                }
                if (isInstalled && !AllowDowngrade && DebianVersion.Compare(State, installed!.Version) < 0)
                {
                    throw new IOException(
                        $"package '{Name}' is at version {installed.Version}; going back to {State} is a downgrade, which needs allowdowngrade => true");
                }
                return (new AptChange(Name, AptChangeKind.Install, State), wanted);
        }
    }

    private AptVersionEntry CandidateOrThrow(AptPackagePolicy? policy)
    {
        if (policy is null) throw Unknown();
        if (policy.Candidate is null || policy.Find(policy.Candidate) is not { } entry)
        {
            throw new IOException(
                $"package '{Name}' has no installable version: it may be virtual (provided by other packages), obsolete, or " +
                "missing from the package lists; install a package that provides it, or run apt-get update");
        }
        return entry;
    }

    private IOException Unknown() => new(
        $"there is no package named '{Name}' in the configured repositories; check the name, or refresh the package lists with apt-get update");

    // apt removes whatever depends on a removed package, and whatever conflicts with an installed one. Such side
    // effects must be asked for, not discovered afterwards.
    private static void RefuseUnrequestedRemovals(AptRequest request, List<AptAction> plan)
    {
        var requested = request.Changes.Where(c => c.Kind == AptChangeKind.Remove).Select(c => c.Package.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var extra = plan.Where(a => a.Kind != AptActionKind.Install && !requested.Contains(a.BaseName)).Select(a => a.BaseName).Distinct().ToList();
        if (extra.Count == 0) return;
        throw new AptTransactionException(
            $"apt would also remove {string.Join(", ", extra)} to make this change (they depend on a package being removed, or conflict with one " +
            "being installed); nothing was changed. Declare them as pkg resources with state uninstalled if that is meant",
            [.. extra.Select(e => new AptProblem(e, "would be removed as a side effect"))], "");
    }

    // What a change does, in the words of a person reading the log: an installed package is upgraded or
    // downgraded from its version to the target one.
    private static string Describe(AptChange change, DpkgPackage? installed, AptVersionEntry? target)
    {
        if (change.Kind == AptChangeKind.Remove) return $"remove {change.Package}";
        var version = change.Version ?? target?.Version;
        if (installed is { IsInstalled: true } && version is not null)
        {
            var verb = DebianVersion.Compare(version, installed.Version) < 0 ? "downgrade" : "upgrade";
            return $"{verb} {change.Package} from {installed.Version} to {version}";
        }
        return change.Version is not null ? $"install {change.Package} {change.Version}" : $"install {change.Package}";
    }
}
