using System.Globalization;

namespace Mgmt.Cli.CommandLine;

/// <summary>A whole-number flag with an allowed range, such as <c>--sema N</c> (1 or more).</summary>
public sealed class IntFlag : Flag
{
    private readonly int _default;
    private readonly int _min;
    private readonly int _max;

    public IntFlag(string name, string help, int defaultValue, int min, int max = int.MaxValue)
        : base(name, help)
    {
        _default = defaultValue;
        _min = min;
        _max = max;
        Value = defaultValue;
        ValueName = "N";
    }

    public int Value { get; private set; }

    public override bool TakesValue => true;

    /// <summary>Describes the allowed values in the error message, replacing the plain range.</summary>
    public string? Expects { get; init; }

    /// <summary>What help shows as the default; by default the number itself.</summary>
    public string? DefaultDescription { get; init; }

    public override string? DefaultText => DefaultDescription ?? _default.ToString(CultureInfo.InvariantCulture);

    protected override void Parse(string? text, string source)
    {
        var expects = Expects ?? (_max == int.MaxValue
            ? $"a whole number of {_min} or more"
            : $"a whole number from {_min} to {_max}");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < _min || v > _max)
        {
            throw Bad(source, expects, text);
        }
        Value = v;
    }
}
