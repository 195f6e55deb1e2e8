using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

/// <summary>net/http.response follows what the host's response board says of one uid, reading the body from its file.</summary>
public sealed class HttpResponseTests
{
    private sealed class Services(HttpResponseBoard board) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(HttpResponseBoard) ? board : null;
    }

    [Fact]
    public async Task Nothing_first_then_each_published_response_of_its_uid()
    {
        var board = new HttpResponseBoard();
        var body = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(body, "<html>", TestContext.Current.CancellationToken);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var stream = new TestFunctionStream();
            var (_, run) = Start("net/http.response", new TestFunctionContext { Services = new Services(board) }, stream, cts.Token, DataType.Str);
            stream.Send(S("page"));
            Assert.Equal(St(("status", I(0)), ("output", S(""))), await stream.NextValueAsync());
            board.Set("other", new HttpResponseState(500, ""));
            board.Set("page", new HttpResponseState(200, body));
            Assert.Equal(St(("status", I(200)), ("output", S("<html>"))), await stream.NextValueAsync());
            await StopAsync(cts, run);
        }
        finally
        {
            File.Delete(body);
        }
    }
}
