namespace Mgmt.Cli.CommandLine;

/// <summary>
/// Turns argv into a command with its flags set. Accepted forms: <c>--flag value</c>, <c>--flag=value</c>,
/// switches as <c>--flag</c> or <c>--flag=false</c>, one-letter aliases (<c>-v</c>), <c>--</c> to end the
/// flags, and <c>-h</c>/<c>--help</c> anywhere. A flag belongs to the command it is defined on and may appear
/// after any of that command's subcommands. Flags not given fall back to their environment variable.
/// </summary>
public static class CommandLineParser
{
    public static ParseResult Parse(Command root, IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var command = root;
        var positionals = new List<string>();
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (IsFlag(arg))
            {
                i = TakeFlag(command, args, i);
                continue;
            }
            if (positionals.Count == 0 && command.Subcommands.Count > 0)
            {
                command = command.Subcommands.FirstOrDefault(c => c.Name == arg)
                    ?? throw UnknownCommand(command, arg);
                continue;
            }
            positionals.Add(arg);
        }

        if (help) return new ParseResult(command, positionals, HelpRequested: true);

        foreach (var c in command.SelfAndAncestors())
        {
            foreach (var flag in c.Flags)
            {
                if (flag.IsSet || flag.EnvironmentVariable is not { } name) continue;
                if (environment(name) is not { Length: > 0 } value) continue;
                try
                {
                    flag.Accept(value, $"the environment variable {name}", fromEnvironment: true);
                }
                catch (UsageException e) when (e.Command is null)
                {
                    throw new UsageException(e.Message, c);
                }
            }
        }
        if (!command.IsRunnable)
        {
            throw new UsageException(
                $"'{command.Path}' needs one of: {string.Join(", ", command.Subcommands.Select(s => s.Name))}", command);
        }
        CheckArgumentCount(command, positionals);
        foreach (var c in command.SelfAndAncestors().Reverse()) c.Validate();
        return new ParseResult(command, positionals, HelpRequested: false);
    }

    private static bool IsFlag(string arg) => arg.Length > 1 && arg[0] == '-';

    private static int TakeFlag(Command command, IReadOnlyList<string> args, int i)
    {
        var arg = args[i];
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? arg : arg[..eq];
        string? inline = eq < 0 ? null : arg[(eq + 1)..];
        var (flag, owner) = Find(command, name) ?? throw UnknownFlag(command, name);
        try
        {
            if (!flag.TakesValue || inline is not null)
            {
                flag.Accept(inline, name);
                return i;
            }
            if (i + 1 >= args.Count) throw new UsageException($"{name} needs a value: {name} {flag.ValueName}");
            flag.Accept(args[i + 1], name);
            return i + 1;
        }
        catch (UsageException e) when (e.Command is null)
        {
            throw new UsageException(e.Message, owner);
        }
    }

    private static (Flag Flag, Command Owner)? Find(Command command, string name)
    {
        foreach (var c in command.SelfAndAncestors())
        {
            foreach (var flag in c.Flags)
            {
                if (flag.Name == name || flag.Short == name) return (flag, c);
            }
        }
        return null;
    }

    private static void CheckArgumentCount(Command command, List<string> positionals)
    {
        var expected = command.Arguments;
        var required = expected.Count(a => a.Required);
        if (positionals.Count < required)
        {
            var missing = expected.Where(a => a.Required).Skip(positionals.Count).First();
            throw new UsageException($"'{command.Path}' needs {missing.Name}: {command.Path} {Usage(expected)}", command);
        }
        if (positionals.Count > expected.Count)
        {
            var extra = positionals[expected.Count];
            throw new UsageException(
                expected.Count == 0
                    ? $"'{command.Path}' takes no arguments, but got '{extra}'"
                    : $"'{command.Path}' takes {Usage(expected)}, but got an extra argument '{extra}'",
                command);
        }
    }

    internal static string Usage(IReadOnlyList<PositionalArgument> arguments) =>
        string.Join(" ", arguments.Select(a => a.Required ? a.Name : $"[{a.Name}]"));

    private static UsageException UnknownCommand(Command command, string word)
    {
        var names = command.Subcommands.Select(s => s.Name).ToList();
        var hint = Suggest(word, names) is { } s ? $"; did you mean '{s}'?" : "";
        return new UsageException($"'{command.Path}' has no command '{word}' (it has: {string.Join(", ", names)}){hint}", command);
    }

    private static UsageException UnknownFlag(Command command, string name)
    {
        var known = command.SelfAndAncestors().SelectMany(c => c.Flags).Select(f => f.Name).ToList();
        var hint = Suggest(name, known) is { } s ? $"; did you mean {s}?" : "";
        return new UsageException($"unknown flag {name} for '{command.Path}'{hint}", command);
    }

    /// <summary>The closest candidate when it is plausibly a typo (edit distance at most a third of its length).</summary>
    internal static string? Suggest(string typed, IEnumerable<string> candidates) =>
        Mgmt.Engine.Text.Spelling.Closest(typed, candidates);
}
