namespace Mgmt.Cli.CommandLine;

/// <summary>
/// One word of the command line (<c>mgmt</c>, <c>run</c>, <c>yaml</c>) with its flags and subcommands. A command
/// object lives for one command line: parsing stores the flag values in it, then the chosen command runs.
/// </summary>
/// <remarks>
/// Flags of a command are also accepted after any of its subcommands (<c>mgmt run yaml f.yaml --noop</c>), so
/// each subcommand must not reuse a name its ancestors define.
/// </remarks>
public abstract class Command
{
    private readonly List<Flag> _flags = [];
    private readonly List<Command> _subcommands = [];

    /// <summary>The word typed on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>One line for the parent's help.</summary>
    public abstract string Summary { get; }

    /// <summary>A paragraph or two for this command's own help; null when the summary says it all.</summary>
    public virtual string? Details => null;

    /// <summary>The positional arguments this command takes.</summary>
    public virtual IReadOnlyList<PositionalArgument> Arguments => [];

    public IReadOnlyList<Flag> Flags => _flags;

    public IReadOnlyList<Command> Subcommands => _subcommands;

    /// <summary>What the subcommands are called in help ("commands", "front ends").</summary>
    public virtual string SubcommandTitle => "Commands";

    public Command? Parent { get; private set; }

    /// <summary>The words that lead here: <c>mgmt run yaml</c>.</summary>
    public string Path => Parent is null ? Name : $"{Parent.Path} {Name}";

    /// <summary>True when the command does something by itself, without a subcommand.</summary>
    public virtual bool IsRunnable => _subcommands.Count == 0;

    /// <summary>This command and its ancestors, nearest first.</summary>
    public IEnumerable<Command> SelfAndAncestors()
    {
        for (var c = this; c is not null; c = c.Parent) yield return c;
    }

    /// <summary>Checks combinations of flags once everything is parsed; throws <see cref="UsageException"/>.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>Does the work and returns the exit code.</summary>
    public virtual Task<int> RunAsync(CommandInvocation invocation) =>
        throw new UsageException($"'{Path}' needs one of: {string.Join(", ", _subcommands.Select(s => s.Name))}", this);

    protected T AddFlag<T>(T flag) where T : Flag
    {
        _flags.Add(flag);
        return flag;
    }

    protected T AddSubcommand<T>(T command) where T : Command
    {
        command.Parent = this;
        _subcommands.Add(command);
        return command;
    }
}

/// <summary>A positional argument, for help and for checking how many were given.</summary>
public sealed record PositionalArgument(string Name, string Help, bool Required = true);
