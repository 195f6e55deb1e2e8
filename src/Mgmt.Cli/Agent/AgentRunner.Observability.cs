using Mgmt.Cli.Observability;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

using Engine = Mgmt.Engine.Runtime.Engine;

// The endpoints an operator looks at while the agent runs: metrics and the live web view.
public sealed partial class AgentRunner
{
    /// <summary>
    /// Starts what --prometheus and --ui ask for. A port that cannot be used is reported plainly and the run stops
    /// before anything is applied (null); with neither flag nothing listens and nothing is loaded.
    /// </summary>
    private async Task<ObservabilityEndpoints?> StartObservabilityAsync(Engine engine, AgentWorld world, AgentMetrics? metrics, CancellationToken cancel)
    {
        var endpoints = new ObservabilityEndpoints();
        try
        {
            if (metrics is not null && settings.Prometheus is { } metricsAddress)
            {
                metrics.Observe(engine);
                metrics.ObserveWorld(world.World);
                endpoints.Metrics = await MetricsEndpoint.StartAsync(metricsAddress, metrics, loggers.CreateLogger("metrics"), cancel).ConfigureAwait(false);
            }
            if (settings.Ui is { } uiAddress)
            {
                endpoints.Ui = await LiveView.StartAsync(uiAddress, engine, world.World, loggers.CreateLogger("ui"), cancel).ConfigureAwait(false);
            }
            return endpoints;
        }
        catch (IOException e)
        {
            await endpoints.DisposeAsync().ConfigureAwait(false);
            errors.WriteLine($"mgmt: error: {e.Message}");
            errors.WriteLine("mgmt: nothing was changed; choose another address and run again");
            errors.Flush();
            return null;
        }
    }
}
