namespace Mgmt.Cli.CommandLine;

/// <summary>
/// One <c>--flag</c> of a command. A flag holds its parsed value for the one command line being run; the
/// typed subclasses say what the value must look like and produce the message when it does not.
/// </summary>
public abstract class Flag
{
    protected Flag(string name, string help)
    {
        if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"flag name '{name}' must start with --");
        Name = name;
        Help = help;
    }

    /// <summary>The long name, with its dashes: <c>--sema</c>.</summary>
    public string Name { get; }

    /// <summary>An optional one-letter alias, with its dash: <c>-v</c>.</summary>
    public string? Short { get; init; }

    /// <summary>One line for <c>--help</c>.</summary>
    public string Help { get; }

    /// <summary>An environment variable read when the flag is not on the command line.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>True when the flag needs a value (<c>--sema 2</c> or <c>--sema=2</c>); false for switches.</summary>
    public abstract bool TakesValue { get; }

    /// <summary>The placeholder shown in help, such as <c>N</c> or <c>FILE</c>.</summary>
    public string ValueName { get; init; } = "VALUE";

    /// <summary>The default, as shown in help; null shows none.</summary>
    public virtual string? DefaultText => null;

    /// <summary>True once the command line or the environment gave a value.</summary>
    public bool IsSet { get; private set; }

    /// <summary>True when the value came from <see cref="EnvironmentVariable"/>, not from the command line.</summary>
    public bool FromEnvironment { get; private set; }

    /// <summary>
    /// Takes one occurrence. <paramref name="text"/> is null for a switch given without <c>=value</c>.
    /// <paramref name="source"/> names where it came from, for the message (the flag, or the variable).
    /// </summary>
    public void Accept(string? text, string source, bool fromEnvironment = false)
    {
        Parse(text, source);
        IsSet = true;
        FromEnvironment = fromEnvironment;
    }

    /// <summary>Parses and stores one value; throws <see cref="UsageException"/> naming <paramref name="source"/>.</summary>
    protected abstract void Parse(string? text, string source);

    /// <summary>The message for a value that does not fit: "--sema expects ..., got 'x'".</summary>
    protected static UsageException Bad(string source, string expects, string? got) =>
        new($"{source} expects {expects}, got '{got}'");
}
