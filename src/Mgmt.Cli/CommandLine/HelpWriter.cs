using System.Text;

namespace Mgmt.Cli.CommandLine;

/// <summary>Writes the <c>--help</c> text of a command: usage, description, subcommands, its flags, inherited flags.</summary>
public static class HelpWriter
{
    private const int Width = 100;

    public static void Write(Command command, TextWriter to)
    {
        var usage = new StringBuilder("Usage: ").Append(command.Path);
        if (command.Flags.Count > 0 || command.Parent is not null) usage.Append(" [flags]");
        if (command.Subcommands.Count > 0)
        {
            usage.Append(command.IsRunnable ? " [" : " <").Append(string.Join("|", command.Subcommands.Select(s => s.Name)))
                .Append(command.IsRunnable ? "]" : ">").Append(" ...");
        }
        if (command.Arguments.Count > 0) usage.Append(' ').Append(CommandLineParser.Usage(command.Arguments));
        to.WriteLine(usage.ToString());
        to.WriteLine();
        to.WriteLine(Wrap(command.Details ?? command.Summary, ""));

        if (command.Arguments.Count > 0)
        {
            to.WriteLine();
            to.WriteLine("Arguments:");
            WriteTable(to, command.Arguments.Select(a => (a.Name, a.Help)));
        }
        if (command.Subcommands.Count > 0)
        {
            to.WriteLine();
            to.WriteLine(command.SubcommandTitle + ":");
            WriteTable(to, command.Subcommands.Select(s => (s.Name, s.Summary)));
        }
        if (command.Flags.Count > 0)
        {
            to.WriteLine();
            to.WriteLine("Flags:");
            WriteTable(to, command.Flags.Select(Row));
        }
        var inherited = command.SelfAndAncestors().Skip(1).SelectMany(c => c.Flags).ToList();
        to.WriteLine();
        to.WriteLine(command.Parent is null ? "Help:" : "Inherited flags:");
        WriteTable(to, inherited.Select(Row).Append(("-h, --help", "show this help")));
        if (command.Subcommands.Count > 0)
        {
            to.WriteLine();
            to.WriteLine($"Run '{command.Path} <{command.SubcommandTitle.ToLowerInvariant().TrimEnd('s')}> --help' for more.");
        }
    }

    private static (string, string) Row(Flag f)
    {
        var name = (f.Short is null ? "" : f.Short + ", ") + f.Name + (f.TakesValue ? " " + f.ValueName : "");
        var help = f.Help;
        if (f.DefaultText is { } d) help += $" (default {d})";
        if (f.EnvironmentVariable is { } e) help += $" [env {e}]";
        return (name, help);
    }

    private static void WriteTable(TextWriter to, IEnumerable<(string Left, string Right)> rows)
    {
        var list = rows.ToList();
        var left = Math.Min(32, list.Max(r => r.Left.Length) + 2);
        foreach (var (l, r) in list)
        {
            var indent = new string(' ', left + 2);
            var head = "  " + l.PadRight(left);
            if (l.Length + 2 > left)
            {
                to.WriteLine("  " + l);
                head = indent;
            }
            var wrapped = Wrap(r, indent);
            to.WriteLine(head + wrapped[indent.Length..]);
        }
    }

    private static string Wrap(string text, string indent)
    {
        var sb = new StringBuilder();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder(indent);
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
                {
                    sb.Append(line).Append('\n');
                    line.Clear().Append(indent);
                }
                if (line.Length > indent.Length) line.Append(' ');
                line.Append(word);
            }
            sb.Append(line).Append('\n');
        }
        return sb.ToString().TrimEnd('\n');
    }
}
