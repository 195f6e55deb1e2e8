using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

// Grouping and merging. Any pkg resources with the same transaction flags can share one apt transaction (apt
// installs, upgrades, pins and removes in one run). Two declarations of one package merge when one wants it
// installed and the other newest: newest satisfies both.
public sealed partial class PkgResource
{
    public bool CanGroupWith(Resource other) =>
        other is PkgResource p && p.AllowDowngrade == AllowDowngrade && p.AllowUntrusted == AllowUntrusted && p.Meta.Noop == Meta.Noop &&
        p.EffectiveBackend == EffectiveBackend && p.PackageKitAddress == PackageKitAddress;

    public bool Adapts(Resource other)
    {
        if (other is not PkgResource p || p.Name != Name) return false;
        if (p.AllowDowngrade != AllowDowngrade || p.AllowUntrusted != AllowUntrusted ||
            p.AllowNonFree != AllowNonFree || p.AllowUnsupported != AllowUnsupported)
        {
            return false;
        }
        return p.State == State || (State is Installed or Newest && p.State is Installed or Newest);
    }

    public Resource Merge(Resource other)
    {
        if (!Adapts(other)) throw new InvalidOperationException($"{this} and {other} cannot be merged");
        var merged = (PkgResource)Copy();
        if (((PkgResource)other).State != State) merged.State = Newest;
        return merged;
    }
}
