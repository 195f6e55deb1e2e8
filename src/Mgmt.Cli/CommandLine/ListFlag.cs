namespace Mgmt.Cli.CommandLine;

/// <summary>
/// A flag that collects several values: it may be repeated, and each occurrence is also split on commas
/// (<c>--seeds=a,b --seeds c</c> gives a, b, c). Empty items are dropped.
/// </summary>
public sealed class ListFlag : Flag
{
    private readonly List<string> _values = [];

    public ListFlag(string name, string help, string valueName = "VALUE")
        : base(name, help) => ValueName = valueName;

    public IReadOnlyList<string> Values => _values;

    public override bool TakesValue => true;

    protected override void Parse(string? text, string source)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw Bad(source, $"one or more comma-separated {ValueName.ToLowerInvariant()}s", text);
        _values.AddRange(items);
    }
}
