using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mgmt.Platform.Http;

/// <summary>
/// One Kestrel server on one address: the HTTP layer that the <c>http:server</c> kinds, the metrics endpoint and the
/// web view share. It takes HTTPS when given a certificate, asks for basic authentication when given credentials, and
/// hands every other request to one <see cref="RequestDelegate"/>.
/// </summary>
/// <remarks>
/// It is built on the empty web application builder: no configuration files, no environment variables, no default
/// middleware and no signal handling (the agent owns SIGINT and SIGTERM), so that nothing but the code decides
/// where it listens, and so that it works in the NativeAOT binary.
/// </remarks>
public sealed class HttpHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private HttpHost(WebApplication app, IPEndPoint local, HttpHostOptions options)
    {
        _app = app;
        LocalEndPoint = local;
        Options = options;
    }

    /// <summary>The address and port actually bound (the port is the system's choice when 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public HttpHostOptions Options { get; }

    /// <summary>The URL a client on this machine would use, such as <c>https://127.0.0.1:8443</c>.</summary>
    public string Url
    {
        get
        {
            var host = LocalEndPoint.Address.Equals(IPAddress.IPv6Any) || LocalEndPoint.Address.Equals(IPAddress.Any)
                ? "127.0.0.1"
                : LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{LocalEndPoint.Address}]" : LocalEndPoint.Address.ToString();
            return $"{(Options.Certificate is null ? "http" : "https")}://{host}:{LocalEndPoint.Port}";
        }
    }

    /// <summary>
    /// Binds and starts serving. Throws <see cref="IOException"/> with a message for the user when the address cannot
    /// be used (the port is taken, the address is not this machine's, the port needs privileges).
    /// </summary>
    public static async Task<HttpHost> StartAsync(HttpHostOptions options, RequestDelegate handler, ILogger logger, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "mgmt" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => Configure(kestrel, options));
        builder.Services.AddSingleton<IHostLifetime, SilentLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(logger));
        var app = builder.Build();
        app.Run(context => ServeAsync(context, options, handler));
        try
        {
            await app.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw BindProblem(options.Address, e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var uri) ? uri.Port : options.Address.Port;
        var host = options.Address.Host ?? IPAddress.IPv6Any;
        return new HttpHost(app, new IPEndPoint(host, port), options);
    }

    private static void Configure(KestrelServerOptions kestrel, HttpHostOptions options)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        if (options.ReadTimeout is { } read)
        {
            kestrel.Limits.KeepAliveTimeout = read;
            kestrel.Limits.RequestHeadersTimeout = read;
        }
        void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
        {
            if (options.Certificate is { } certificate)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        }
        if (options.Address.Host is { } address) kestrel.Listen(address, options.Address.Port, Listen);
        else kestrel.ListenAnyIP(options.Address.Port, Listen);
    }

    private static async Task ServeAsync(HttpContext context, HttpHostOptions options, RequestDelegate handler)
    {
        if (options.Credentials is { } credentials && !credentials.Accepts(context.Request.Headers.Authorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{options.Realm}\", charset=\"UTF-8\"";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("401 unauthorized: this server asks for a user name and password\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (options.WriteTimeout is not { } limit)
        {
            await handler(context).ConfigureAwait(false);
            return;
        }
        // A response that takes longer than the limit is cut, as a slow or stuck client must not hold it forever.
        using var deadline = new CancellationTokenSource(limit);
        using var cut = deadline.Token.Register(static c => ((HttpContext)c!).Abort(), context);
        await handler(context).ConfigureAwait(false);
    }

    private static IOException BindProblem(HttpListenAddress address, Exception e)
    {
        var socket = Inner<SocketException>(e);
        var inUse = Inner<Microsoft.AspNetCore.Connections.AddressInUseException>(e) is not null || socket?.SocketErrorCode == SocketError.AddressAlreadyInUse;
        return new IOException(
            inUse ? $"cannot listen on {address}: the port is already in use (by another program or another mgmt server); " +
                    "choose a free port or stop what listens there"
            : socket?.SocketErrorCode == SocketError.AccessDenied
                ? $"cannot listen on {address}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose a port of 1024 or more"
            : socket?.SocketErrorCode == SocketError.AddressNotAvailable
                ? $"cannot listen on {address}: no network interface of this machine has that address"
            : $"cannot listen on {address}: {e.Message}", e);
    }

    private static T? Inner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }

    /// <summary>
    /// Stops accepting and waits for the requests in flight, at most <paramref name="grace"/> (null: as long as they
    /// take); what is left then is cut.
    /// </summary>
    public async Task StopAsync(TimeSpan? grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        using var deadline = grace is { } g ? new CancellationTokenSource(g) : new CancellationTokenSource();
        try
        {
            await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The grace ran out: Kestrel cut the connections that were left.
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Cuts every connection at once, without waiting for requests in flight.</summary>
    public void Abort() => _ = StopAsync(TimeSpan.Zero);

    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(5)));

    /// <summary>The agent handles signals itself: the host must neither catch them nor print anything when it starts.</summary>
    private sealed class SilentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
