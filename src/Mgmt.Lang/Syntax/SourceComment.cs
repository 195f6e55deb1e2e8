using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Syntax;

/// <summary>A <c>#</c> comment: its text after the <c>#</c> and where it is (kept for the formatter).</summary>
public sealed record SourceComment(string Text, SourceSpan Span);
