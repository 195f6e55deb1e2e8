using Mgmt.Engine.Resources;
using Mgmt.Platform.Http;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server</c>: a web server (Kestrel) that listens for as long as the resource runs. It serves the
/// <c>http:server:file</c>, <c>http:server:flag</c> and <c>http:server:ui</c> resources grouped into it and, with <see cref="Root"/>, a
/// read-only directory tree. It listens on <see cref="Address"/>, or on the name when that is empty.
/// </summary>
/// <remarks>
/// <para>The server runs inside Watch: binding happens before the watch reports itself running, so a taken port
/// fails the watch with a clear message, and the first check only runs once the server answers. Stopping the
/// resource stops accepting, closes idle connections and waits for requests in flight (up to the shutdown
/// timeout).</para>
/// <para>Requests go to a flag with that path (every such flag takes it), else to a ui page with that path, else to
/// the most specific file, else to the root directory, else 404. With <see cref="Cert"/> and <see cref="Key"/> it
/// speaks HTTPS only; with <see cref="Username"/> and <see cref="Password"/> every request must carry them (basic
/// authentication), which is refused over plain HTTP on anything but a loopback address.</para>
/// </remarks>
[ResourceKind("http:server")]
public sealed partial class HttpServerResource : Resource, IGroupable, IInterruptible
{
    private HttpHost? _server;

    /// <summary>Where to listen: <c>host:port</c> with an IP host, or <c>:port</c> for every interface. Empty uses the name.</summary>
    [Param("address")]
    public string Address { get; set; } = "";

    /// <summary>Seconds used for each of the other timeouts that is not set. Unset or 0: no limit.</summary>
    [Param("timeout")]
    public ulong? Timeout { get; set; }

    /// <summary>Seconds a client may take to send one request (and to stay idle between requests); 0: no limit.</summary>
    [Param("read_timeout")]
    public ulong? ReadTimeout { get; set; }

    /// <summary>Seconds the server may take to write one response; 0: no limit.</summary>
    [Param("write_timeout")]
    public ulong? WriteTimeout { get; set; }

    /// <summary>Seconds a stop waits for requests in flight before cutting them; 0: wait until they finish.</summary>
    [Param("shutdown_timeout")]
    public ulong? ShutdownTimeout { get; set; }

    /// <summary>An absolute directory whose files are served read-only (no listings, nothing outside it).</summary>
    [Param("root")]
    public string Root { get; set; } = "";

    /// <summary>An absolute path to the server's certificate (PEM); with <see cref="Key"/>, the server speaks HTTPS only.</summary>
    [Param("cert")]
    public string Cert { get; set; } = "";

    /// <summary>An absolute path to the certificate's private key (PEM). Keep it readable by root only.</summary>
    [Param("key")]
    public string Key { get; set; } = "";

    /// <summary>The user name every request must give (basic authentication); empty asks for none.</summary>
    [Param("username")]
    public string Username { get; set; } = "";

    /// <summary>The password that goes with <see cref="Username"/>. Never logged or shown.</summary>
    [Param("password", Sensitive = true)]
    public string Password { get; set; } = "";

    /// <summary>The address in use: <see cref="Address"/>, or the name.</summary>
    public string EffectiveAddress => Address.Length > 0 ? Address : Name;

    /// <summary>The port actually bound while the server runs (useful when the address asked for port 0).</summary>
    public int? BoundPort => _server?.LocalEndPoint.Port;

    private bool UsesTls => Cert.Length > 0;

    public override void Validate()
    {
        try
        {
            HttpListenAddress.Parse(EffectiveAddress);
        }
        catch (FormatException e)
        {
            throw new ResourceValidationException(Address.Length > 0 ? e.Message : $"{e.Message} (the name is used because 'address' is empty)");
        }
        if (Root.Length > 0 && !Root.StartsWith('/'))
        {
            throw new ResourceValidationException($"the root '{Root}' must be an absolute directory path (start with /)");
        }
        if (Root.Split('/').Contains(".."))
        {
            throw new ResourceValidationException($"the root '{Root}' must not contain '..'");
        }
        ValidateSecurity();
    }

    private void ValidateSecurity()
    {
        if ((Cert.Length > 0) != (Key.Length > 0))
        {
            throw new ResourceValidationException("set both 'cert' and 'key' (PEM files) for HTTPS, or neither for plain HTTP");
        }
        foreach (var (path, what) in new[] { (Cert, "cert"), (Key, "key") })
        {
            if (path.Length > 0 && !path.StartsWith('/')) throw new ResourceValidationException($"the {what} '{path}' must be an absolute file path (start with /)");
        }
        if ((Username.Length > 0) != (Password.Length > 0))
        {
            throw new ResourceValidationException("set both 'username' and 'password' for basic authentication, or neither");
        }
        if (Username.Contains(':')) throw new ResourceValidationException($"the username '{Username}' cannot contain ':' (basic authentication separates user and password with it)");
        if (Username.Length > 0 && !UsesTls && !HttpListenAddress.Parse(EffectiveAddress).IsLoopback)
        {
            throw new ResourceValidationException(
                "basic authentication over plain HTTP would send the password in clear on the network: add 'cert' and 'key' " +
                "for HTTPS, or listen on a loopback address (127.0.0.1, [::1])");
        }
    }

    /// <summary>How the host must listen; loads the certificate (an unreadable one is an error, never plain HTTP instead).</summary>
    internal HttpHostOptions HostOptions(HttpListenAddress address) => new()
    {
        Address = address,
        Certificate = UsesTls ? TlsFiles.LoadPem(Cert, Key) : null,
        Credentials = Username.Length > 0 ? new BasicCredentials(Username, Password) : null,
        Realm = Name,
        ReadTimeout = Seconds(ReadTimeout ?? Timeout),
        WriteTimeout = Seconds(WriteTimeout ?? Timeout),
    };

    private TimeSpan? ShutdownGrace => Seconds(ShutdownTimeout ?? Timeout);

    private static TimeSpan? Seconds(ulong? value) => value is { } s and > 0 ? TimeSpan.FromSeconds(s) : null;

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Root.Length > 0 && !Directory.Exists(Root))
        {
            throw new IOException(File.Exists(Root)
                ? $"the root '{Root}' is a file; it must be a directory"
                : $"the root directory '{Root}' does not exist; create it or change 'root'");
        }
        var ok = true;
        foreach (var member in GroupedMembers)
        {
            ok &= await member.CheckApplyAsync(apply, cancel).ConfigureAwait(false);
        }
        return ok;
    }

    /// <summary>
    /// Takes the http:server:file, http:server:flag and http:server:ui resources meant for this server (or for
    /// any), and the http:server:ui:input resources of a ui it already holds: the engine's groups are one level
    /// deep, and the uis are offered before their inputs, so the inputs join the server and it hands them to their ui.
    /// </summary>
    public bool CanGroupWith(Resource other) => other switch
    {
        IHttpServerMember member => member.Server.Length == 0 || member.Server == Name,
        HttpServerUiInputResource input => GroupedMembers.OfType<HttpServerUiResource>().Any(ui => input.Path.Length == 0 || input.Path == ui.Name),
        _ => false,
    };

    /// <summary>Cuts every connection at once, without waiting for requests in flight.</summary>
    public void Interrupt() => _server?.Abort();
}
