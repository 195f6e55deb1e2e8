using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Tests.Runtime.Support;
using Mgmt.World;
using Mgmt.World.Embedded;
using Mgmt.World.Etcd;
using Mgmt.World.Store;

namespace Mgmt.Lang.Tests.World;

/// <summary>
/// A program running on host "self" of a small cluster held in one in-memory store (or in a real etcd, in a
/// cluster prefix of its own), next to a "peer" world the test uses to play another agent (publish values, export
/// resources, join schedules).
/// </summary>
internal sealed class WorldProgram : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);
    private readonly CancellationTokenSource _cancel = new();
    private readonly MemoryKeyValueStore? _store;
    private readonly DirectoryInfo _state;
    private IAsyncEnumerator<ResourceGraph>? _graphs;
    private Task<bool>? _moving;

    private WorldProgram(MemoryKeyValueStore? store, IWorld self, IWorld peer, ProgramRuntime runtime, DirectoryInfo state)
    {
        _store = store;
        Self = self;
        Peer = peer;
        Runtime = runtime;
        _state = state;
    }

    public IWorld Self { get; }

    public IWorld Peer { get; }

    public ProgramRuntime Runtime { get; }

    /// <summary>Starts <paramref name="main"/> over the etcd member at <paramref name="etcdClientUrl"/>, or over an
    /// in-memory store when it is null.</summary>
    public static async Task<WorldProgram> StartAsync(string? etcdClientUrl, string main)
    {
        var ct = TestContext.Current.CancellationToken;
        MemoryKeyValueStore? store = null;
        IWorld self, peer;
        if (etcdClientUrl is null)
        {
            store = new MemoryKeyValueStore(TimeProvider.System);
            self = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "self" }, store, ct);
            peer = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "peer" }, store, ct);
        }
        else
        {
            var cluster = "l" + Guid.NewGuid().ToString("N")[..12];
            self = await EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = "self", Cluster = cluster, Endpoints = [etcdClientUrl] }, ct);
            peer = await EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = "peer", Cluster = cluster, Endpoints = [etcdClientUrl] }, ct);
        }
        var services = new WorldServices(self);
        var state = Directory.CreateTempSubdirectory("mgmt-world-program-");
        var runtime = ProgramRuntime.Create(RuntimeHarness.Compile(main), new RuntimeOptions
        {
            Resources = RuntimeHarness.Kinds,
            StateDirectory = state.FullName,
            Hostname = "self",
            Services = services,
        });
        return new WorldProgram(store, self, peer, runtime, state);
    }

    /// <summary>The next graph the program yields.</summary>
    public async Task<ResourceGraph> NextGraphAsync()
    {
        _graphs ??= Runtime.RunAsync(_cancel.Token).GetAsyncEnumerator();
        _moving = _graphs.MoveNextAsync().AsTask();
        Assert.True(await _moving.WaitAsync(HangGuard), "the runtime ended without an error");
        return _graphs.Current;
    }

    /// <summary>Takes graphs until one satisfies <paramref name="condition"/>.</summary>
    public async Task<ResourceGraph> GraphWhereAsync(Func<ResourceGraph, bool> condition)
    {
        while (true)
        {
            var graph = await NextGraphAsync();
            if (condition(graph)) return graph;
        }
    }

    /// <summary>Expects the runtime to stop with a language error.</summary>
    public async Task<LangException> FailureAsync()
    {
        _graphs ??= Runtime.RunAsync(_cancel.Token).GetAsyncEnumerator();
        try
        {
            while (await (_moving = _graphs.MoveNextAsync().AsTask()).WaitAsync(HangGuard))
            {
            }
        }
        catch (LangException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("the runtime ended without an error");
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        if (_graphs is not null)
        {
            try
            {
                if (_moving is not null) await _moving;
            }
            catch (Exception e) when (e is OperationCanceledException or LangException)
            {
            }
            await _graphs.DisposeAsync();
        }
        await Runtime.DisposeAsync();
        await Self.DisposeAsync();
        await Peer.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
        _cancel.Dispose();
        _state.Delete(recursive: true);
    }

    private sealed class WorldServices(IWorld world) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IWorld) ? world : EmptyServices.Instance.GetService(serviceType);
    }
}
