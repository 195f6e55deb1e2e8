using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// A failure that stops the function graph: an uncaught error reached a resource, a function failed fatally, or
/// a stream crashed. The runtime reports it to the user as a <see cref="Phase.Stream"/> error at <see cref="Span"/>.
/// </summary>
internal sealed class FunctionGraphException(string message, SourceSpan span, Exception? inner = null)
    : Exception(message, inner)
{
    public SourceSpan Span { get; } = span;

    public LangException ToLangException() =>
        InnerException is null
            ? new LangException(Phase.Stream, Message, Span)
            : new LangException(Phase.Stream, Message, InnerException, Span);
}
