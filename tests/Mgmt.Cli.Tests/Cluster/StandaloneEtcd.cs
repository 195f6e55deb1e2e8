using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mgmt.Cli.Tests.Cluster;

/// <summary>
/// A one-member etcd that the test runs itself (not an agent's member), so the test can stop it and start it
/// again on the same ports and data, as an operator's etcd going away and coming back. Keys are read and written
/// through etcd's JSON gateway, as another client of the cluster would.
/// </summary>
internal sealed class StandaloneEtcd : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string _peerUrl;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public StandaloneEtcd(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
        ClientUrl = ClusterHelpers.FreeUrl();
        _peerUrl = ClusterHelpers.FreeUrl();
    }

    public string ClientUrl { get; }

    /// <summary>Starts etcd (again, after <see cref="StopAsync"/>: from the same data) and waits until it is healthy.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(ClusterHelpers.EtcdPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--name", "outage", "--data-dir", _dataDirectory,
                     "--listen-client-urls", ClientUrl, "--advertise-client-urls", ClientUrl,
                     "--listen-peer-urls", _peerUrl, "--initial-advertise-peer-urls", _peerUrl,
                     "--initial-cluster", $"outage={_peerUrl}",
                 })
        {
            info.ArgumentList.Add(a);
        }
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!await IsHealthyAsync())
        {
            if (_process.HasExited) Assert.Fail($"the test's etcd exited:\n{Output}");
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"the test's etcd was not healthy after 60 s:\n{Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops etcd at once (SIGKILL: the store vanishes, as when its machine dies) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(); // etcd's data is crash-safe: it starts again from it
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        _process.Dispose();
        _process = null;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The value of a raw key, or null when it is not there.</summary>
    public async Task<string?> GetAsync(string key)
    {
        using var response = await _http.PostAsJsonAsync($"{ClientUrl}/v3/kv/range", new { key = Encode(key) }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.TryGetProperty("kvs", out var kvs) && kvs.GetArrayLength() > 0
            ? Encoding.UTF8.GetString(Convert.FromBase64String(kvs[0].GetProperty("value").GetString() ?? ""))
            : null;
    }

    public async Task PutAsync(string key, string value)
    {
        using var response = await _http.PostAsJsonAsync($"{ClientUrl}/v3/kv/put", new { key = Encode(key), value = Encode(value) },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _http.Dispose();
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"{ClientUrl}/health", TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false; // the HTTP timeout
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
