using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>tftp:file</c>: one file served by a <c>tftp:server</c> under <see cref="Filename"/> (or the name), with the
/// content of <see cref="Path"/> (read at each request, so always current) or the inline <see cref="Data"/>. It
/// works only grouped into a tftp:server. See docs/resources/tftp.md.
/// </summary>
/// <remarks>The watch follows <see cref="Path"/> so that the check can report when the source goes missing.</remarks>
[ResourceKind("tftp:file")]
public sealed class TftpFileResource : Resource, IGroupable
{
    private bool? _sourcePresent;

    /// <summary>The tftp:server to join; empty joins the only one (with several, name it).</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The name clients ask for, exactly as they send it; empty means the resource's name.</summary>
    [Param("filename")]
    public string Filename { get; set; } = "";

    /// <summary>The absolute path of the file to serve. Not with <see cref="Data"/>.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The content to serve. Not with <see cref="Path"/>; with neither, the file is empty.</summary>
    [Param("data")]
    public string Data { get; set; } = "";

    /// <summary>The name the file is served under.</summary>
    public string PublicName => Filename.Length > 0 ? Filename : Name;

    public override void Validate()
    {
        if (PublicName.Length == 0) throw new ResourceValidationException("the file name is empty: set 'filename' or the resource's name");
        if (PublicName.Contains('\0', StringComparison.Ordinal)) throw new ResourceValidationException("the file name contains a NUL character, which TFTP cannot carry");
        if (Path.Length > 0 && !Path.StartsWith('/')) throw new ResourceValidationException($"the path '{Path}' must be absolute (start with /)");
        if (Path.EndsWith('/')) throw new ResourceValidationException($"the path '{Path}' names a directory; a tftp:file serves one file");
        if (Path.Length > 0 && Data.Length > 0) throw new ResourceValidationException("set either 'path' (a file on disk) or 'data' (the content itself), not both");
    }

    public override Task WatchAsync(CancellationToken cancel)
    {
        if (Path.Length == 0) return base.WatchAsync(cancel);
        return new SystemWatch().File(PathText.Clean(Path)).RunAsync(Context, Path, cancel);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (GroupParent is not TftpServerResource)
        {
            throw new InvalidOperationException($"{this} is not part of any tftp:server, so nothing can reach it; " +
                (Server.Length > 0 ? $"add tftp:server \"{Server}\" (named by its 'server' parameter)" : "add a tftp:server resource (and name it in 'server' when there are several)") +
                ", and do not turn autogrouping off for it");
        }
        if (Path.Length > 0)
        {
            var present = Posix.TryStat(Path) is { IsRegular: true };
            if (present != _sourcePresent && !present) TftpLog.SourceMissing(Context.Logger, PublicName, Path);
            _sourcePresent = present;
        }
        return Task.FromResult(true);
    }

    /// <summary>The content to send for one request, or null when the source is missing.</summary>
    internal Stream? OpenContent()
    {
        if (Path.Length == 0) return new MemoryStream(Encoding.UTF8.GetBytes(Data), writable: false);
        try
        {
            return Posix.TryStat(Path) is { IsRegular: true }
                ? new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Files join a tftp:server, not each other.</summary>
    public bool CanGroupWith(Resource other) => false;
}
