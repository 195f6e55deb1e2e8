using System.Net.Sockets;
using System.Text;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Resources.Tests.Support;
using Resource = Mgmt.Engine.Resources.Resource;
using RuntimeEngine = Mgmt.Engine.Runtime.Engine;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// Runs a graph with an http:server on the real engine (which groups the files and flags into the server) on a
/// loopback port the system picks, and offers a client for it. Disposing shuts the engine down.
/// </summary>
internal sealed class HttpEngineRun : IAsyncDisposable
{
    private readonly TempDirectory _state = new();
    private readonly RuntimeEngine _engine;

    private HttpEngineRun(HttpServerResource server, Mgmt.World.IWorld? world = null)
    {
        Server = server;
        var services = new Services(world);
        _engine = new RuntimeEngine(new EngineOptions { StateDirectory = _state.Path, Hostname = "test-host", Services = services });
    }

    /// <summary>The host services of the run: the world, when the test gives one.</summary>
    private sealed class Services(Mgmt.World.IWorld? world) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(Mgmt.World.IWorld) ? world : null;
    }

    public HttpServerResource Server { get; }

    public RuntimeEngine Engine => _engine;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The port the server bound when the run started (a server that replaces it may take it again).</summary>
    public int Port { get; private set; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A server named <paramref name="name"/> on 127.0.0.1 with a port chosen by the system.</summary>
    public static HttpServerResource NewServer(string name = "web") => new() { Name = name, Address = "127.0.0.1:0" };

    /// <summary>Commits the graph and waits until the server listens and its first check ran.</summary>
    public static async Task<HttpEngineRun> StartAsync(HttpServerResource server, params Resource[] others)
    {
        var graph = new ResourceGraph { Name = "http-test" };
        graph.AddVertex(server);
        foreach (var r in others) graph.AddVertex(r);
        return await StartAsync(server, graph);
    }

    public static async Task<HttpEngineRun> StartAsync(HttpServerResource server, ResourceGraph graph, Mgmt.World.IWorld? world = null)
    {
        var run = new HttpEngineRun(server, world);
        try
        {
            await run._engine.CommitAsync(graph, Cancel);
            await run.EventuallyAsync(() => run.Server.BoundPort is not null && run.StatusOf("http:server", server.Name).Checks > 0, "the server to listen and run its first check");
            run.Port = server.BoundPort!.Value;
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Commits the graph without waiting for anything (for graphs whose server is expected to fail).</summary>
    public static async Task<HttpEngineRun> CommitAsync(HttpServerResource server, ResourceGraph graph)
    {
        var run = new HttpEngineRun(server);
        try
        {
            await run._engine.CommitAsync(graph, Cancel);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public VertexStatus StatusOf(string kind, string name) =>
        _engine.Status().Single(s => s.Kind == kind && s.Name == name);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after a generous time.</summary>
    public Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    public async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var status = string.Join("; ", _engine.Status().Select(s => $"{s.Kind}[{s.Name}] {s.State} {s.LastError}"));
                Assert.Fail($"timed out waiting for {what}; engine: {status}");
            }
            await Task.Delay(20, Cancel);
        }
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(Url(path), Cancel);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>
    /// Sends <paramref name="requestLine"/> as it is (HttpClient would clean <c>..</c> out of a URL) and returns the
    /// status code of the answer.
    /// </summary>
    public async Task<int> RawStatusAsync(string requestLine)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Port, Cancel);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: test\r\nConnection: close\r\n\r\n"), Cancel);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(Cancel) ?? throw new InvalidOperationException("no answer");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _engine.ShutdownAsync();
        await _engine.DisposeAsync();
        _state.Dispose();
    }
}
