namespace Mgmt.Lang.Diagnostics;

/// <summary>
/// A mistake in an mcl program, found in <see cref="Phase"/> at <see cref="Spans"/>. <see cref="Exception.Message"/>
/// is the text without position; <see cref="ToString"/> appends the positions as <c>: /file @ L:C-L:C</c>.
/// </summary>
public class LangException : Exception
{
    public LangException(Phase phase, string message, params SourceSpan[] spans)
        : base(message)
    {
        Phase = phase;
        Spans = [.. spans.Where(s => !s.IsNone)];
    }

    public LangException(Phase phase, string message, Exception inner, params SourceSpan[] spans)
        : base(message, inner)
    {
        Phase = phase;
        Spans = [.. spans.Where(s => !s.IsNone)];
    }

    public Phase Phase { get; }

    /// <summary>Where the mistake is; the first span is the main one (the one underlined).</summary>
    public IReadOnlyList<SourceSpan> Spans { get; }

    /// <summary>The main position, or <see cref="SourceSpan.None"/>.</summary>
    public SourceSpan Span => Spans.Count > 0 ? Spans[0] : SourceSpan.None;

    /// <summary><c>message: /file @ L:C-L:C[, /file @ ...]</c></summary>
    public override string ToString() =>
        Spans.Count == 0 ? Message : $"{Message}: {string.Join(", ", Spans)}";
}
