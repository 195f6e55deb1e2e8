using Mgmt.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Mgmt.Cli.Observability;

/// <summary>Serves the agent's metrics at <c>/metrics</c> in Prometheus's text format, and nothing else.</summary>
internal static partial class MetricsEndpoint
{
    public static async Task<HttpHost> StartAsync(Platform.Http.HttpListenAddress address, AgentMetrics metrics, ILogger logger, CancellationToken cancel)
    {
        var host = await HttpHost.StartAsync(new HttpHostOptions { Address = address, MaxRequestBodyBytes = 0 }, context => ServeAsync(context, metrics.Registry), logger, cancel)
            .ConfigureAwait(false);
        Serving(logger, host.Url + "/metrics");
        if (address.IsAllInterfaces) EveryInterface(logger, address.ToString());
        return host;
    }

    private static async Task ServeAsync(HttpContext context, CollectorRegistry registry)
    {
        if (context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("404: the metrics are at /metrics\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentLength = buffer.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "serving Prometheus metrics at {Url}")]
    private static partial void Serving(ILogger logger, string url);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "the metrics listen on every interface ({Address}): any network this machine is on can read them")]
    private static partial void EveryInterface(ILogger logger, string address);
}
