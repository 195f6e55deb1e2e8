namespace Mgmt.Cli.Commands.Setup;

/// <summary>
/// The systemd unit that runs the agent, and its settings file <c>/etc/default/mgmt</c>. One definition serves both
/// <c>mgmt setup svc --install</c> and the Debian package (packaging/deb/build.sh asks <c>mgmt setup svc</c> for them).
/// </summary>
internal static class ServiceFiles
{
    public const string UnitName = "mgmt.service";

    public const string DefaultsPath = "/etc/default/mgmt";

    /// <summary>
    /// The unit. The input comes from <see cref="DefaultsPath"/> (<c>empty</c> unless changed: the agent waits for
    /// what the cluster deploys); <c>StateDirectory</c> gives the agent /var/lib/mgmt as its prefix.
    /// </summary>
    public static string Unit(string binary) => $"""
        [Unit]
        Description=mgmt: real-time configuration management agent
        Documentation=man:mgmt(1)
        Wants=network-online.target
        After=network-online.target

        [Service]
        Type=simple
        # MGMT_INPUT (the front end and its input) and MGMT_FLAGS (flags of 'mgmt run') are set there.
        Environment=MGMT_INPUT=empty
        EnvironmentFile=-{DefaultsPath}
        ExecStart={binary} run $MGMT_FLAGS $MGMT_INPUT
        StateDirectory=mgmt
        # The first SIGTERM asks for an orderly stop; running resources get the time they need to finish.
        KillSignal=SIGTERM
        TimeoutStopSec=90
        Restart=on-failure
        RestartSec=5

        [Install]
        WantedBy=multi-user.target

        """;

    public static string Defaults => """
        # Settings of mgmt's systemd service (mgmt.service). After a change: systemctl restart mgmt
        #
        # MGMT_INPUT is what the agent runs: a front end and its input, as after 'mgmt run'. For example
        #   MGMT_INPUT="empty"                      run what the cluster deploys (mgmt deploy); nothing until then
        #   MGMT_INPUT="lang /etc/mgmt/main.mcl"    an mcl program
        #   MGMT_INPUT="yaml /etc/mgmt/graph.yaml"  a YAML graph
        MGMT_INPUT="empty"

        # MGMT_FLAGS are flags of 'mgmt run' (see 'mgmt run --help'), such as "--seeds=https://10.0.0.1:2379".
        MGMT_FLAGS=""

        """;
}
