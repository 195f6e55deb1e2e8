using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Resources.Tests.PippetResources;

/// <summary>
/// The pippet kind with the real Puppet: resources checked and applied by Puppet's own providers through one helper
/// process, Puppet's refresh, Puppet's errors, and a helper that heals after it died. Skipped where Puppet is not
/// installed (CI installs it).
/// </summary>
public sealed class PippetTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PuppetHelpers _helpers = new(NullLoggerFactory.Instance);

    private static void RequirePuppet()
    {
        try
        {
            PuppetInstallation.Find();
        }
        catch (PuppetMissingException)
        {
            Assert.Skip("Puppet is not installed (apt-get install puppet-agent); CI installs it");
        }
    }

    private async Task<ResourceHarness<PippetResource>> StartAsync(PippetResource resource)
    {
        var context = new TestResourceContext();
        context.ServiceMap.Add(_helpers);
        return await ResourceHarness<PippetResource>.StartAsync(resource, context, watch: false);
    }

    [Fact]
    public async Task Puppet_checks_then_applies_a_resource_and_two_resources_share_one_helper()
    {
        RequirePuppet();
        var path = _dir["by-puppet"];
        await using var file = await StartAsync(new PippetResource { Name = "f", Type = "file", Title = path, Params = "{\"ensure\":\"file\",\"content\":\"hi\\n\",\"mode\":\"0640\"}" });
        Assert.False(await file.CheckApplyAsync(apply: false));
        Assert.False(File.Exists(path));
        Assert.False(await file.CheckApplyAsync());
        Assert.Equal("hi\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.True(await file.CheckApplyAsync());
        Assert.Contains(file.Context.Log.Lines, l => l.Contains("defined content as", StringComparison.Ordinal));

        await using var other = await StartAsync(new PippetResource { Name = "g", Type = "file", Title = _dir["second"], Params = "{\"content\":\"x\"}" });
        Assert.False(await other.CheckApplyAsync());
        Assert.Equal(1, _helpers.For(new PuppetHelperSettings(null, null)).Starts);
    }

    [Fact]
    public async Task A_refresh_is_puppets_refresh_a_refreshonly_exec_runs_only_then()
    {
        RequirePuppet();
        var log = _dir["log"];
        await using var h = await StartAsync(new PippetResource
        {
            Name = "e", Type = "exec", Title = $"/bin/echo ran >> {log}", Params = "{\"refreshonly\":true,\"provider\":\"shell\"}",
        });
        Assert.True(await h.CheckApplyAsync());
        Assert.False(File.Exists(log));
        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("ran\n", await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Puppets_errors_fail_the_resource_and_a_dead_helper_is_started_again()
    {
        RequirePuppet();
        await using (var unknown = await StartAsync(new PippetResource { Name = "u", Type = "nosuchtype", Title = "x" }))
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => unknown.CheckApplyAsync());
            Assert.Contains("Puppet has no resource type 'nosuchtype'", e.Message, StringComparison.Ordinal);
        }
        await using var bad = await StartAsync(new PippetResource { Name = "b", Type = "file", Title = _dir["f"], Params = "{\"source\":\"/nowhere/at/all\"}" });
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => bad.CheckApplyAsync());
        Assert.Contains("/nowhere/at/all", failed.Message, StringComparison.Ordinal);

        // Cancelling midway leaves the helper's state unknown: it is stopped, and the next request starts a new one.
        var helper = _helpers.For(new PuppetHelperSettings(null, null));
        using (var cancel = new CancellationTokenSource())
        {
            var slow = helper.RunAsync(new PuppetHelperRequest(true, false, "exec", "/bin/sleep 30", "{}"), cancel.Token);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        }
        await using var after = await StartAsync(new PippetResource { Name = "a", Type = "file", Title = _dir["after"], Params = "{\"content\":\"x\"}" });
        Assert.False(await after.CheckApplyAsync());
        Assert.Equal(2, helper.Starts);
    }

    [Theory]
    [InlineData("File", "{}", "is not a Puppet type name")]
    [InlineData("file", "[1]", "params must be a JSON object")]
    [InlineData("file", "{nope", "params is not valid JSON")]
    public void Mistakes_are_refused_with_what_to_change(string type, string parameters, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new PippetResource { Name = "x", Type = type, Params = parameters }.Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _helpers.DisposeAsync();
        _dir.Dispose();
    }
}
