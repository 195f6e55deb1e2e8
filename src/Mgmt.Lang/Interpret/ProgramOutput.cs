using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Interpret;

/// <summary>What one complete table of values makes the program produce, before it is assembled into a graph.</summary>
internal sealed class ProgramOutput
{
    public List<ResourceOutput> Resources { get; } = [];

    public List<EdgeOutput> Edges { get; } = [];

    public List<SendRecvOutput> SendRecv { get; } = [];

    /// <summary>
    /// The resources made anew for this table: what changed since the last table (every other
    /// resource is the object of the last table, unchanged), plus those that are never reused (see
    /// <see cref="ResourceMemo"/>). A front end that hands the engine only differences starts from this list.
    /// </summary>
    public List<Resource> Made { get; } = [];
}

/// <summary>
/// A resource, and the statement that declared it (for error positions). <paramref name="Reused"/>: the object the
/// same statement made from the same values last time (already validated then, and not written into since).
/// </summary>
internal sealed record ResourceOutput(Resource Resource, SourceSpan Span, bool Reused = false);

/// <summary>An edge between two resources named by kind and name.</summary>
internal sealed record EdgeOutput(string FromKind, string FromName, string ToKind, string ToName, bool Notify, SourceSpan Span);

/// <summary>A send/recv binding: <c>Sender.Key -> Receiver.Param</c>.</summary>
internal sealed record SendRecvOutput(
    string FromKind, string FromName, string Key, string ToKind, string ToName, string Param, SourceSpan Span);
