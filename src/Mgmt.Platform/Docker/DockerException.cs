namespace Mgmt.Platform.Docker;

/// <summary>The Docker daemon refused a request or could not be reached; the message says which and why.</summary>
public sealed class DockerException(string message, int status = 0, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The HTTP status the daemon answered with; 0 when it could not be reached.</summary>
    public int Status { get; } = status;
}
