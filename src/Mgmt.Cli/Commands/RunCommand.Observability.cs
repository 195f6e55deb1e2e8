using Mgmt.Cli.CommandLine;
using Mgmt.Platform.Http;

namespace Mgmt.Cli.Commands;

// The flags of what an operator sees while the agent runs: Prometheus metrics and the live web view.
public sealed partial class RunCommand
{
    /// <summary>Where metrics are served with --prometheus and no --prometheus-listen (the reference's default).</summary>
    public const string DefaultPrometheusListen = "127.0.0.1:9233";

    private SwitchFlag _prometheus = null!;
    private TextFlag _prometheusListen = null!;
    private TextFlag _ui = null!;

    private void AddObservabilityFlags()
    {
        _prometheus = AddFlag(new SwitchFlag("--prometheus", $"serve Prometheus metrics at /metrics on --prometheus-listen (default {DefaultPrometheusListen})"));
        _prometheusListen = AddFlag(new TextFlag("--prometheus-listen", "host:port of the metrics endpoint (an IP address; :port listens on every interface)", "ADDR"));
        _ui = AddFlag(new TextFlag("--ui", "serve the live web view of the running graph on host:port (off unless given; an IP address, such as 127.0.0.1:8080)", "ADDR"));
    }

    private HttpListenAddress? PrometheusAddress =>
        _prometheus.Value || _prometheusListen.IsSet ? HttpListenAddress.Parse(_prometheusListen.Value ?? DefaultPrometheusListen) : null;

    private HttpListenAddress? UiAddress => _ui.Value is { } ui ? HttpListenAddress.Parse(ui) : null;

    private void ValidateObservability()
    {
        foreach (var flag in new[] { _prometheusListen, _ui })
        {
            if (flag.Value is not { } text) continue;
            try
            {
                HttpListenAddress.Parse(text);
            }
            catch (FormatException e)
            {
                throw new UsageException($"{flag.Name}: {e.Message}", this);
            }
        }
    }
}
