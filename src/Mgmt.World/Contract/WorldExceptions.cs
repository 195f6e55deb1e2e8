namespace Mgmt.World;

/// <summary>A world failure whose message is meant for the user: it says what is wrong and what to do.</summary>
public class WorldException : Exception
{
    public WorldException(string message) : base(message)
    {
    }

    public WorldException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>A key, hostname, kind, name or namespace that the world's layout cannot hold.</summary>
public sealed class WorldKeyException(string message) : WorldException(message);

/// <summary>The store could not be reached (or had no leader) for longer than the operation timeout.</summary>
public sealed class WorldUnavailableException(string message, Exception? inner = null)
    : WorldException(message, inner ?? new TimeoutException(message));

/// <summary>Another live agent already holds this hostname.</summary>
public sealed class HostnameInUseException(string message) : WorldException(message);

/// <summary>etcd refused a call because this client's user (its certificate's common name, in a cluster with per-host
/// permissions) may not do it. Retrying cannot help.</summary>
public sealed class WorldPermissionException(string message, Exception? inner = null) : WorldException(message, inner ?? new UnauthorizedAccessException(message));
