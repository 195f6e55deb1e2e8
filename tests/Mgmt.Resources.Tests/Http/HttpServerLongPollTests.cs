using System.Net.Http.Headers;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// <c>longpoll => true</c> on http:server:file: a client that already has the current version waits for the next
/// one and gets it as soon as the file changes; a stop answers waiting clients instead of hanging.
/// </summary>
public sealed class HttpServerLongPollTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Since(Uri url, DateTimeOffset? since)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (since is { } s) request.Headers.IfModifiedSince = s;
        return request;
    }

    [Fact]
    public async Task A_client_with_the_current_version_waits_for_the_next_and_gets_it_at_once()
    {
        await File.WriteAllTextAsync(_dir["feed.txt"], "version one", Cancel);
        var server = HttpEngineRun.NewServer();
        var file = new HttpServerFileResource { Name = "/feed", Path = _dir["feed.txt"], Longpoll = true };
        await using var run = await HttpEngineRun.StartAsync(server, file);

        using var first = await run.Client.SendAsync(Since(run.Url("/feed"), null), Cancel);
        Assert.Equal("version one", await first.Content.ReadAsStringAsync(Cancel));
        var version = first.Content.Headers.LastModified!.Value;

        var held = run.Client.SendAsync(Since(run.Url("/feed"), version), Cancel);
        await Task.Delay(500, Cancel);
        Assert.False(held.IsCompleted, "the long poll answered before anything changed");

        await File.WriteAllTextAsync(_dir["feed.txt"], "version two", Cancel);
        using var second = await held.WaitAsync(TimeSpan.FromSeconds(15), Cancel);
        Assert.Equal(200, (int)second.StatusCode);
        Assert.Equal("version two", await second.Content.ReadAsStringAsync(Cancel));
        Assert.True(second.Content.Headers.LastModified > version);

        // A client with an older version is answered at once.
        using var stale = await run.Client.SendAsync(Since(run.Url("/feed"), version), Cancel);
        Assert.Equal("version two", await stale.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Stopping_the_server_answers_waiting_clients_with_503_and_retry_after()
    {
        var server = HttpEngineRun.NewServer();
        var file = new HttpServerFileResource { Name = "/feed", Data = "x", Longpoll = true };
        var run = await HttpEngineRun.StartAsync(server, file);
        HttpResponseMessage? answer = null;
        try
        {
            using var first = await run.Client.SendAsync(Since(run.Url("/feed"), null), Cancel);
            var held = run.Client.SendAsync(Since(run.Url("/feed"), first.Content.Headers.LastModified), Cancel);
            await Task.Delay(300, Cancel);
            Assert.False(held.IsCompleted);
            var stop = run.Engine.ShutdownAsync();
            answer = await held.WaitAsync(TimeSpan.FromSeconds(15), Cancel);
            await stop.WaitAsync(TimeSpan.FromSeconds(15), Cancel);
            Assert.Equal(503, (int)answer.StatusCode);
            Assert.Equal(RetryConditionHeaderValue.Parse("1"), answer.Headers.RetryAfter);
        }
        finally
        {
            answer?.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public void Longpoll_of_a_directory_is_refused()
    {
        var file = new HttpServerFileResource { Name = "/d/", Path = "/srv/www/", Longpoll = true };
        var e = Assert.Throws<Engine.Resources.ResourceValidationException>(file.Validate);
        Assert.Contains("longpoll serves one file", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
