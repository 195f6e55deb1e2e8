using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// A resource's Watch, CheckApply or Init failed (threw, timed out, or broke a rule of the engine). The message
/// starts with the resource (<c>file[/x]: ...</c>) so that it can be shown to the user as it is; the original
/// exception, if any, is the inner exception.
/// </summary>
public sealed class ResourceFailureException : Exception
{
    public ResourceFailureException(Resource resource, string message, Exception? inner = null)
        : base($"{resource}: {message}", inner)
    {
        Kind = resource.Kind;
        Name = resource.Name;
        Detail = message;
    }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>The message without the resource in front, for a log line that already names it.</summary>
    public string Detail { get; }

    /// <summary>Wraps whatever a resource threw into a failure that names it and says in which step it happened.</summary>
    internal static ResourceFailureException From(Resource resource, string step, Exception error) =>
        error as ResourceFailureException
        ?? new ResourceFailureException(resource, $"{step} failed: {Describe(error)}", error);

    // A resource's exceptions carry messages written for the user, shown as they are. Those that betray a bug
    // (a null dereference and the like) keep their type name, which is what tells a developer where to look.
    private static string Describe(Exception error) => IsBug(error) ? $"{error.GetType().Name}: {error.Message}" : error.Message;

    private static bool IsBug(Exception error) => error is NullReferenceException or IndexOutOfRangeException
        or InvalidCastException or ArgumentNullException or ArgumentOutOfRangeException or KeyNotFoundException
        or NotImplementedException or ObjectDisposedException or DivideByZeroException;
}
