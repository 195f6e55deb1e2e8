using Mgmt.Cli.Tests.EndToEnd;
using PuppeteerSharp;

namespace Mgmt.Cli.Tests.Observability;

/// <summary>
/// The live view in a real headless browser (Debian's chromium, driven over the DevTools protocol): the graph is
/// drawn, states follow the agent as it repairs a file, a click shows the vertex's parameters and its last change
/// with the diff, and the hosts page lists this host. With MGMT_SCREENSHOT_DIR set, the test saves screenshots there.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class LiveViewBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly TempDir _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_draws_the_graph_follows_live_states_and_shows_a_vertex()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (.ci/run does)");
        var target = _dir.File("motd");
        File.WriteAllText(target, "Welcome\nold line\n");
        var program = _dir.Write("site.mcl", $$"""
            file "{{_dir.Path}}/" {
            	state => "exists",
            }
            file "{{target}}" {
            	state => "exists",
            	content => "Welcome\nmanaged by mgmt\n",
            	mode => "0644",
            }
            exec "reload" {
            	cmd => "/bin/true",
            }
            File["{{target}}"] -> Exec["reload"]
            """);
        await using var agent = MgmtProcess.Start(["run", "--tmp-prefix", "--converger-timeout=1", "--ui", "127.0.0.1:0", "lang", program]);
        await agent.WaitForLogAsync("serving the live view at");
        var url = Scrape.UrlFrom(agent.Stderr, "serving the live view");

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As root in a container there is no sandbox; the rest keeps chromium off a network it cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + _dir.File("chromium")],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 700 });
        await page.GoToAsync(url + "/");

        var motd = $"g.vertex[data-id=\"file[{target}]\"]";
        await page.WaitForSelectorAsync($"g.vertex[data-id=\"exec[reload]\"]", new WaitForSelectorOptions { Timeout = 20000 });
        Assert.Equal(3, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('g.vertex').length"));
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('path.edge').length"));
        await page.WaitForFunctionAsync("() => document.body.dataset.converged === 'true'", new WaitForFunctionOptions { Timeout = 20000 });
        Assert.Matches("^vertex (converged|changed)", await ClassOf(page, motd));

        await page.ClickAsync(motd);
        await page.WaitForSelectorAsync("#last-change");
        var panel = await page.EvaluateExpressionAsync<string>("document.getElementById('panel').innerText");
        Assert.Contains("changed content (+1 -1 lines)", panel, StringComparison.Ordinal);
        Assert.Contains("-old line", panel, StringComparison.Ordinal);
        Assert.Contains("+managed by mgmt", panel, StringComparison.Ordinal);
        Assert.Contains("mode\t\"0644\"", panel, StringComparison.Ordinal);
        await ScreenshotAsync(page, "live-view.png");

        // Drift while the page is open: the repair shows up without a reload, as the second change.
        // Replaced in one step: written in place, the truncation alone can wake the resource, which then repairs an
        // empty file and its diff never shows the tampered line.
        File.WriteAllText(target + ".drift", "tampered\n");
        File.Move(target + ".drift", target, overwrite: true);
        await page.WaitForFunctionAsync(
            $"() => document.querySelector('{motd.Replace("'", "\\'")} text.state').textContent.includes('2 changes')",
            new WaitForFunctionOptions { Timeout = 20000 });
        await page.WaitForFunctionAsync("() => document.getElementById('panel').innerText.includes('-tampered')", new WaitForFunctionOptions { Timeout = 20000 });

        await page.GoToAsync(url + "/hosts");
        await page.WaitForSelectorAsync("#hosts tbody tr[data-host]");
        var hosts = await page.EvaluateExpressionAsync<string>("document.getElementById('hosts').innerText");
        Assert.Contains(Environment.MachineName, hosts, StringComparison.Ordinal);
        Assert.Contains("not known", hosts, StringComparison.Ordinal);
        await ScreenshotAsync(page, "live-view-hosts.png");
    }

    [Fact]
    public async Task Secrets_never_reach_the_page()
    {
        var secret = _dir.File("secret.conf");
        var program = _dir.Write("s.mcl", $$"""
            file "{{secret}}" {
            	state => "exists",
            	content => "token=hunter2\n",
            	sensitive => true,
            }
            """);
        await using var agent = MgmtProcess.Start(["run", "--tmp-prefix", "--converger-timeout=1", "--ui", "127.0.0.1:0", "lang", program]);
        await agent.WaitForLogAsync("serving the live view at");
        var url = Scrape.UrlFrom(agent.Stderr, "serving the live view");
        await agent.WaitForLogAsync($"file[{secret}]: changed");
        using var http = new HttpClient();
        var graph = await http.GetStringAsync(url + "/api/graph", Cancel);
        using var events = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var stream = await http.GetStreamAsync(url + "/api/events", Cancel);
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer, events.Token);
        var status = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        Assert.Contains("(hidden)", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", graph, StringComparison.Ordinal);
        Assert.Contains("not shown: sensitive", status, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", status, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", agent.Stderr, StringComparison.Ordinal);
    }

    private static Task<string> ClassOf(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector('{selector.Replace("'", "\\'")}').getAttribute('class')");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("MGMT_SCREENSHOT_DIR") is not { Length: > 0 } dir) return;
        await page.ScreenshotAsync(Path.Combine(dir, name));
    }

    public void Dispose() => _dir.Dispose();
}
