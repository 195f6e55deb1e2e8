namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// Where Puppet keeps its scratch state while it compiles: <c>puppet/</c> in the agent's prefix (kept between runs),
/// or a private temporary directory that is removed afterwards when there is no prefix (<c>mgmt check</c>).
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private readonly bool _temporary;

    private ScratchDirectory(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    public string Path { get; }

    public static ScratchDirectory Create(string? prefix)
    {
        if (prefix is null) return new ScratchDirectory(Directory.CreateTempSubdirectory("mgmt-puppet-").FullName, temporary: true);
        var path = System.IO.Path.Combine(prefix, "puppet");
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ScratchDirectory(path, temporary: false);
    }

    public void Dispose()
    {
        if (!_temporary) return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temporary directory left behind is harmless.
        }
    }
}
