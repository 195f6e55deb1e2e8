namespace Mgmt.Cli.CommandLine;

/// <summary>The outcome of parsing: the command to run (or whose help to show) and its positional arguments.</summary>
public sealed record ParseResult(Command Command, IReadOnlyList<string> Arguments, bool HelpRequested);
