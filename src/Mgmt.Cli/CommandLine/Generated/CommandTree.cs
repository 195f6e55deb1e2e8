namespace Mgmt.Cli.CommandLine.Generated;

/// <summary>
/// The command tree walked once, for the generators that describe it (shell completion, the manual page): every
/// command with its path, and the flags it accepts (its own and its ancestors', as the parser accepts them).
/// </summary>
internal static class CommandTree
{
    /// <summary>Every command under <paramref name="root"/> (itself first), depth first in definition order.</summary>
    public static IEnumerable<Command> All(Command root)
    {
        yield return root;
        foreach (var sub in root.Subcommands)
        {
            foreach (var c in All(sub)) yield return c;
        }
    }

    /// <summary>The flags a command accepts: its own, then those of each ancestor.</summary>
    public static IEnumerable<Flag> AcceptedFlags(Command command) => command.SelfAndAncestors().SelectMany(c => c.Flags);

    /// <summary>The words a flag may take when it is a choice (<c>--log-format text|json</c>); empty otherwise.</summary>
    public static IReadOnlyList<string> Choices(Flag flag) => flag is ChoiceFlag choice ? choice.Choices : [];

    /// <summary>True when the flag's value names a file or a directory (its placeholder says so), so file names help.</summary>
    public static bool WantsPath(Flag flag) =>
        flag.ValueName.Contains("FILE", StringComparison.Ordinal) || flag.ValueName.Contains("DIR", StringComparison.Ordinal)
        || flag.ValueName.Contains("PATH", StringComparison.Ordinal);
}
