using Mgmt.World.Etcd;

namespace Mgmt.World.Tests.Etcd;

/// <summary>
/// A real etcd member started through <see cref="EtcdSupervisor"/> on free loopback ports in a temp dir.
/// Tests that need etcd skip (with the reason) when it is not installed; CI installs it.
/// </summary>
public sealed class EtcdTestMember : IAsyncDisposable
{
    public const string EtcdPath = "/usr/bin/etcd";

    private EtcdTestMember(string root, EtcdMemberOptions options, EtcdSupervisor supervisor)
    {
        Root = root;
        Options = options;
        Supervisor = supervisor;
    }

    public string Root { get; }
    public EtcdMemberOptions Options { get; }
    public EtcdSupervisor Supervisor { get; }
    public string ClientUrl => Options.ClientUrls[0];

    public static void SkipWithoutEtcd()
    {
        Assert.SkipUnless(File.Exists(EtcdPath), $"etcd is not installed at {EtcdPath} (apt-get install etcd-server etcd-client); CI installs it");
    }

    /// <summary>Free-port options for a member named <paramref name="name"/> with its data under <paramref name="root"/>.</summary>
    public static EtcdMemberOptions OptionsFor(string root, string name, IReadOnlyList<string>? join = null, string token = "mgmt-test") => new()
    {
        Name = name,
        DataDirectory = Path.Combine(root, name, "etcd"),
        ClientUrls = [$"http://127.0.0.1:{PortProbe.FreeLoopbackPort()}"],
        PeerUrls = [$"http://127.0.0.1:{PortProbe.FreeLoopbackPort()}"],
        JoinEndpoints = join ?? [],
        ClusterToken = token,
        StopTimeout = TimeSpan.FromSeconds(3),
    };

    public static async Task<EtcdTestMember> StartAsync(string? root = null, string name = "m1")
    {
        SkipWithoutEtcd();
        root ??= Directory.CreateTempSubdirectory("mgmt-etcd-test-").FullName;
        var options = OptionsFor(root, name);
        var supervisor = await EtcdSupervisor.StartAsync(options);
        return new EtcdTestMember(root, options, supervisor);
    }

    public async ValueTask DisposeAsync()
    {
        await Supervisor.DisposeAsync();
        TempDirs.Remove(Root);
    }
}

/// <summary>Removes test directories.</summary>
public static class TempDirs
{
    public static void Remove(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>One etcd member shared by every test of a class (each test uses its own cluster name in it).</summary>
public sealed class EtcdMemberFixture : IAsyncLifetime
{
    public EtcdTestMember? Member { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (File.Exists(EtcdTestMember.EtcdPath))
        {
            Member = await EtcdTestMember.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Member is not null)
        {
            await Member.DisposeAsync();
        }
    }
}
