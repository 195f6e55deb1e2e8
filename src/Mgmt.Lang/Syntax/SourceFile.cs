namespace Mgmt.Lang.Syntax;

/// <summary>
/// One mcl source file: <see cref="Path"/> is the name used in positions (<c>/main.mcl</c>), <see cref="Text"/>
/// its exact content.
/// </summary>
public sealed record SourceFile(string Path, string Text);
