using YamlDotNet.Core;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>A problem at one place of a YAML document; the reader turns it into a <see cref="SourceDiagnostic"/>.</summary>
internal sealed class YamlInputException(Mark at, string message) : Exception(message)
{
    public YamlInputException(YNode node, string message)
        : this(node.Start, message)
    {
    }

    public int Line { get; } = checked((int)at.Line);

    public int Column { get; } = checked((int)at.Column);

    public SourceDiagnostic ToDiagnostic(string file) => new(file, Line, Column, Message);
}
