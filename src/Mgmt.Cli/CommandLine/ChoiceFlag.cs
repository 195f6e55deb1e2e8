namespace Mgmt.Cli.CommandLine;

/// <summary>A flag whose value is one word of a fixed list (<c>--log-format text|json</c>).</summary>
public sealed class ChoiceFlag : Flag
{
    private readonly string[] _choices;
    private readonly string _default;

    public ChoiceFlag(string name, string help, string defaultChoice, params string[] choices)
        : base(name, help)
    {
        _choices = choices;
        _default = defaultChoice;
        ValueName = string.Join("|", choices).ToUpperInvariant();
    }

    /// <summary>The words allowed.</summary>
    public IReadOnlyList<string> Choices => _choices;

    /// <summary>The chosen word, or the default when the flag was not given.</summary>
    public string Value { get; private set; } = "";

    public string Choice => IsSet ? Value : _default;

    public override bool TakesValue => true;

    public override string? DefaultText => _default;

    protected override void Parse(string? text, string source)
    {
        var word = text?.Trim().ToLowerInvariant();
        if (word is null || !_choices.Contains(word)) throw Bad(source, $"one of {string.Join(", ", _choices)}", text);
        Value = word;
    }
}
