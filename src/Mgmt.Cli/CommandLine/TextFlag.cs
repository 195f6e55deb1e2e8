namespace Mgmt.Cli.CommandLine;

/// <summary>A flag that takes a text value (a name, a path). An empty value is refused.</summary>
public sealed class TextFlag : Flag
{
    public TextFlag(string name, string help, string valueName = "VALUE")
        : base(name, help) => ValueName = valueName;

    /// <summary>The value, or null when the flag was not given.</summary>
    public string? Value { get; private set; }

    public override bool TakesValue => true;

    protected override void Parse(string? text, string source)
    {
        if (string.IsNullOrEmpty(text)) throw Bad(source, $"a {ValueName.ToLowerInvariant()}", text);
        Value = text;
    }
}
