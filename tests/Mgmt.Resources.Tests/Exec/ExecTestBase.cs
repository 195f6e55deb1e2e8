using Mgmt.Engine.Values;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.ExecResources;

/// <summary>Shared set-up of the exec resource tests.</summary>
public abstract class ExecTestBase : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static ExecResource Exec(string cmd, Action<ExecResource>? configure = null)
    {
        var r = new ExecResource { Name = "test", Cmd = cmd };
        configure?.Invoke(r);
        return r;
    }

    /// <summary>A shell command that appends a line to a file in the temp directory, to count runs.</summary>
    protected ExecResource Counting(string counter = "runs", Action<ExecResource>? configure = null) =>
        Exec($"echo run >> {Dir[counter]}", r =>
        {
            r.Shell = "/bin/sh";
            configure?.Invoke(r);
        });

    protected int Runs(string counter = "runs") =>
        System.IO.File.Exists(Dir[counter]) ? System.IO.File.ReadAllLines(Dir[counter]).Length : 0;

    protected static Task<ResourceHarness<ExecResource>> Start(ExecResource r, bool watch = false) =>
        ResourceHarness<ExecResource>.StartAsync(r, watch: watch);

    protected static string? SentText(TestResourceContext context, string key) =>
        context.Sent.TryGetValue(key, out var v) ? ((StrValue)v).V : null;

    protected static async Task WaitForFile(string path)
    {
        for (var i = 0; i < 500 && !System.IO.File.Exists(path); i++) await Task.Delay(10, Ct);
        Assert.True(System.IO.File.Exists(path), $"{path} never appeared");
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
