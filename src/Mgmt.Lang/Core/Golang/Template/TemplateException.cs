namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>A template that cannot be parsed or executed; the message says where (line:column) and why.</summary>
internal sealed class TemplateException(string message) : Exception(message)
{
    public static TemplateException At(Position position, string what) => new($"{position}: {what}");
}

/// <summary>A place in the template text, 1-based.</summary>
internal readonly record struct Position(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}
