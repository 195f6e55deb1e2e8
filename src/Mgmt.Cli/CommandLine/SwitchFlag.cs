namespace Mgmt.Cli.CommandLine;

/// <summary>An on/off flag: <c>--noop</c> turns it on; <c>--noop=false</c> turns it off again.</summary>
public sealed class SwitchFlag(string name, string help) : Flag(name, help)
{
    public bool Value { get; private set; }

    public override bool TakesValue => false;

    protected override void Parse(string? text, string source)
    {
        Value = text?.ToLowerInvariant() switch
        {
            null or "true" or "1" or "yes" => true,
            "false" or "0" or "no" or "" => false,
            _ => throw Bad(source, "true or false (or nothing, meaning true)", text),
        };
    }
}
