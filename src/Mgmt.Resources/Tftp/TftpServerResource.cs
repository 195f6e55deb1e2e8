using Mgmt.Platform.Http;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>tftp:server</c>: a read-only TFTP server (RFC 1350, with the block size, transfer size and timeout options)
/// that runs for as long as the resource does. It serves the <c>tftp:file</c> resources grouped into it and, with
/// <see cref="Root"/>, the files of one directory tree (never outside it). It listens on <see cref="Address"/>, or
/// on the name when that is empty. See docs/resources/tftp.md.
/// </summary>
/// <remarks>
/// The socket is bound inside Watch, before the watch reports itself running, so a taken port fails the watch with
/// a clear message; the grouped files' watches run inside this one. Nothing on the machine is changed: the check
/// only verifies that the root and the files' sources exist. Write requests are always refused.
/// </remarks>
[ResourceKind("tftp:server")]
public sealed class TftpServerResource : Resource, IGroupable
{
    private TftpServer? _server;
    private TftpFileResource[] _files = [];

    /// <summary>Where to listen: <c>host:port</c> with an IP host, or <c>:port</c> (such as <c>:69</c>) for every interface. Empty uses the name.</summary>
    [Param("address")]
    public string Address { get; set; } = "";

    /// <summary>Seconds to wait for each acknowledgement before sending a block again (a client may ask for another).</summary>
    [Param("timeout")]
    public ulong Timeout { get; set; } = 5;

    /// <summary>An absolute directory, ending in <c>/</c>, whose files are served; grouped files take precedence.</summary>
    [Param("root")]
    public string Root { get; set; } = "";

    /// <summary>The address in use: <see cref="Address"/>, or the name.</summary>
    public string EffectiveAddress => Address.Length > 0 ? Address : Name;

    /// <summary>The UDP port bound while the server runs (useful when the address asked for port 0).</summary>
    public int? BoundPort => _server?.LocalEndPoint.Port;

    public override void Validate()
    {
        try
        {
            HttpListenAddress.Parse(EffectiveAddress);
        }
        catch (FormatException e)
        {
            var text = e.Message.Replace("8080", "69", StringComparison.Ordinal);
            throw new ResourceValidationException(Address.Length > 0 ? text : $"{text} (the name is used because 'address' is empty)");
        }
        if (Timeout is 0 or > 255) throw new ResourceValidationException($"timeout {Timeout} is out of range: give the seconds to wait for an acknowledgement, from 1 to 255");
        if (Root.Length > 0 && !Root.StartsWith('/')) throw new ResourceValidationException($"the root '{Root}' must be an absolute path (start with /)");
        if (Root.Length > 0 && !Root.EndsWith('/')) throw new ResourceValidationException($"the root '{Root}' must be a directory: end it with /");
        if (Root.Split('/').Contains("..")) throw new ResourceValidationException($"the root '{Root}' must not contain '..'");
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        _files = [.. GroupedMembers.OfType<TftpFileResource>()];
        var address = HttpListenAddress.Parse(EffectiveAddress);
        var server = TftpServer.Start(address, TimeSpan.FromSeconds(Timeout), Open, Context.Logger);
        _server = server;
        using var membersStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var watches = GroupedMembers.Select(m => m.WatchAsync(membersStop.Token)).ToList();
        try
        {
            TftpLog.Listening(Context.Logger, server.LocalEndPoint.ToString(), _files.Length, Root.Length > 0 ? $", root {Root}" : "");
            if (address.IsAllInterfaces) TftpLog.AllInterfaces(Context.Logger, address.ToString());
            Context.Running();
            var stopped = Task.Delay(System.Threading.Timeout.Infinite, cancel);
            var running = new List<Task>(watches) { server.Completion, stopped };
            while (true)
            {
                var ended = await Task.WhenAny(running).ConfigureAwait(false);
                if (ended == stopped) return;
                await ended.ConfigureAwait(false);
                if (ended == server.Completion) throw new IOException($"the TFTP server on {address} stopped receiving");
                running.Remove(ended);
            }
        }
        finally
        {
            await membersStop.CancelAsync().ConfigureAwait(false);
            await server.StopAsync().ConfigureAwait(false);
            _server = null;
            try
            {
                await Task.WhenAll(watches).ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
            }
            TftpLog.Stopped(Context.Logger, address.ToString());
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Root.Length > 0 && !Directory.Exists(Root))
        {
            throw new IOException(File.Exists(Root.TrimEnd('/'))
                ? $"the root '{Root}' is a file; it must be a directory"
                : $"the root directory '{Root}' does not exist; create it or change 'root'");
        }
        var ok = true;
        foreach (var member in GroupedMembers) ok &= await member.CheckApplyAsync(apply, cancel).ConfigureAwait(false);
        return ok;
    }

    /// <summary>Takes the tftp:file resources meant for this server (or for any).</summary>
    public bool CanGroupWith(Resource other) => other is TftpFileResource file && (file.Server.Length == 0 || file.Server == Name);

    // A grouped file by its exact name first, then the root directory; anything else is "not found".
    private Stream? Open(string filename)
    {
        foreach (var file in _files)
        {
            if (file.PublicName == filename) return file.OpenContent();
        }
        if (Root.Length == 0) return null;
        if (Directory.Exists(System.IO.Path.Join(Root, filename))) return null; // a directory is never a file to send
        var path = ServedTree.Resolve(Root, filename);
        if (path is null || Posix.TryStat(path) is not { IsRegular: true }) return null;
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
