using Mgmt.Engine.Resources;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Lang.Tests.Core.Support;

/// <summary>A function context for tests: in-memory program files, a private var dir, a controllable clock.</summary>
internal sealed class TestFunctionContext : IFunctionContext, IDisposable
{
    // Made on first use: most tests never ask for it, and not every test disposes its context.
    private readonly Lazy<string> _varRoot = new(() => Directory.CreateTempSubdirectory("mgmt-core-test-").FullName);

    public string Hostname { get; init; } = "test-host";

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IServiceProvider Services { get; init; } = new EmptyServices();

    public LocalValues Local { get; init; } = new();

    public ISourceFiles ProgramFiles { get; init; } = new MemorySourceFiles();

    public string ProgramDirectory { get; init; } = "/";

    /// <summary>Root of the per-test persistent directories.</summary>
    public string VarRoot => _varRoot.Value;

    public string VarDir(string name)
    {
        var path = Path.Join(_varRoot.Value, name.Trim('/'));
        Directory.CreateDirectory(path);
        return path.EndsWith('/') ? path : path + "/";
    }

    public void Dispose()
    {
        if (!_varRoot.IsValueCreated) return;
        try
        {
            Directory.Delete(_varRoot.Value, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
