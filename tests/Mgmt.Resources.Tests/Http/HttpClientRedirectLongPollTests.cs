using Mgmt.Platform.Http;
using Mgmt.Resources.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// <c>longpoll_redirect</c> against a real Kestrel server that speaks that kind of long poll: a client that already
/// has the current version is redirected to a waiting URL (the redirect says "I watch for you"), which answers when
/// a new version exists. Each redirect wakes a check, and the answer is downloaded by the next one.
/// </summary>
public sealed class HttpClientRedirectLongPollTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Lock _lock = new();
    private int _version = 1;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateTimeOffset Stamp(int version) => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(version);

    private async Task ServeAsync(HttpContext context)
    {
        Task next;
        int version;
        lock (_lock)
        {
            next = _next.Task;
            version = _version;
        }
        var since = context.Request.GetTypedHeaders().IfModifiedSince;
        if (context.Request.Query.ContainsKey("watch"))
        {
            await next.WaitAsync(context.RequestAborted);
            lock (_lock) version = _version;
        }
        else if (since is { } s && s >= Stamp(version))
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "/feed?watch=1";
            return;
        }
        context.Response.GetTypedHeaders().LastModified = Stamp(version);
        await context.Response.WriteAsync($"version {version}", context.RequestAborted);
    }

    private void Publish(int version)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            _version = version;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    [Fact]
    public async Task Each_redirect_wakes_a_check_and_the_new_version_is_downloaded()
    {
        var host = await HttpHost.StartAsync(new HttpHostOptions { Address = HttpListenAddress.Parse("127.0.0.1:0") }, ServeAsync, NullLogger.Instance, Cancel);
        try
        {
            var client = new HttpClientResource
            {
                Name = _dir["feed.txt"], Url = $"http://127.0.0.1:{host.LocalEndPoint.Port}/feed", Longpoll = true, LongpollRedirect = true,
            };
            await using var h = await ResourceHarness<HttpClientResource>.StartAsync(client);
            // The engine's part: a check for each event, until the file holds what is wanted.
            async Task ConvergesToAsync(string wanted)
            {
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!File.Exists(_dir["feed.txt"]) || await File.ReadAllTextAsync(_dir["feed.txt"], Cancel) != wanted)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"'{wanted}' never arrived");
                    await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(1));
                    await h.CheckApplyAsync();
                }
            }
            await ConvergesToAsync("version 1");
            // The next long poll has the current version: it is redirected (an event) and held.
            var events = h.Context.EventCount;
            await Task.Delay(500, Cancel);
            Assert.True(h.Context.EventCount > events, "the redirect woke no check");
            Assert.True(await h.CheckApplyAsync()); // nothing new yet

            Publish(2);
            await ConvergesToAsync("version 2");
            Assert.Equal(Stamp(2), new DateTimeOffset(File.GetLastWriteTimeUtc(_dir["feed.txt"])));
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromSeconds(2));
        }
    }

    public void Dispose() => _dir.Dispose();
}
