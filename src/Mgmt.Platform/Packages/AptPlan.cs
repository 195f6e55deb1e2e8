namespace Mgmt.Platform.Packages;

/// <summary>What apt would do (or did) to one package in a transaction.</summary>
public enum AptActionKind
{
    /// <summary>Unpack a new version (a first install, an upgrade or a downgrade).</summary>
    Install,

    /// <summary>Remove the package (its configuration files stay).</summary>
    Remove,

    /// <summary>Remove the package with its configuration files.</summary>
    Purge,
}

/// <summary>One line of apt's plan: what happens to which package, from which version to which.</summary>
public sealed record AptAction(AptActionKind Kind, string Package, string? OldVersion, string? NewVersion)
{
    /// <summary>The name without an <c>:arch</c> suffix.</summary>
    public string BaseName => Package.Split(':')[0];
}

/// <summary>Reads the plan apt prints with <c>--simulate</c> (<c>Inst</c>, <c>Remv</c>, <c>Purg</c> lines).</summary>
public static class AptPlanParser
{
    public static List<AptAction> Parse(string output)
    {
        var actions = new List<AptAction>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var kind = line.StartsWith("Inst ", StringComparison.Ordinal) ? AptActionKind.Install
                : line.StartsWith("Remv ", StringComparison.Ordinal) ? AptActionKind.Remove
                : line.StartsWith("Purg ", StringComparison.Ordinal) ? AptActionKind.Purge
                : (AptActionKind?)null;
            if (kind is null) continue;
            // "Inst name [old] (new origin [arch])" or "Remv name [old]".
            var rest = line[5..];
            var space = rest.IndexOf(' ');
            var name = space < 0 ? rest : rest[..space];
            string? old = null, @new = null;
            var open = rest.IndexOf('[');
            var paren = rest.IndexOf('(');
            if (open >= 0 && (paren < 0 || open < paren))
            {
                var close = rest.IndexOf(']', open);
                if (close > open) old = rest[(open + 1)..close];
            }
            if (paren >= 0)
            {
                var end = rest.IndexOfAny([' ', ')'], paren + 1);
                if (end > paren) @new = rest[(paren + 1)..end];
            }
            actions.Add(new AptAction(kind.Value, name, old, @new));
        }
        return actions;
    }
}
