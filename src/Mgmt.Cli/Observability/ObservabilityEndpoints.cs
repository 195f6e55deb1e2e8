using Mgmt.Platform.Http;

namespace Mgmt.Cli.Observability;

/// <summary>The metrics endpoint and the live view of one agent run, whichever were asked for; stopped together.</summary>
internal sealed class ObservabilityEndpoints : IAsyncDisposable
{
    public HttpHost? Metrics { get; set; }

    public LiveView? Ui { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Ui is not null) await Ui.DisposeAsync().ConfigureAwait(false);
        if (Metrics is not null) await Metrics.DisposeAsync().ConfigureAwait(false);
    }
}
