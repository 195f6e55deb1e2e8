namespace Mgmt.Engine.Resources;

/// <summary>
/// One mistake in a resource's <see cref="MetaParams"/>: the meta parameter it is about (its mcl name, such as
/// <c>delay</c>), the entry of a list parameter when one entry is at fault, and a message saying what to change.
/// Front ends use <see cref="Field"/> and <see cref="Index"/> to point at the value the user wrote.
/// </summary>
/// <param name="Field">The meta parameter's name as in <see cref="MetaParams.Fields"/>.</param>
/// <param name="Index">The position of the offending entry in a list parameter (sema, export), or null.</param>
/// <param name="Message">What is wrong and what to write instead; the same text validation would throw.</param>
public sealed record MetaProblem(string Field, int? Index, string Message);
