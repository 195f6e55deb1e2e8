using System.Diagnostics;
using Mgmt.Platform.Systemd;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>svc on a D-Bus bus where no systemd answers: a private dbus-daemon started by the test.</summary>
public sealed class SvcBusTests
{
    [Fact]
    public async Task A_bus_without_systemd_fails_with_a_message_that_says_so()
    {
        if (!File.Exists("/usr/bin/dbus-daemon")) Assert.Skip("dbus-daemon is not installed (Debian package dbus-daemon)");
        using var dir = new TempDirectory();
        var socket = dir["bus"];
        using var daemon = Process.Start(new ProcessStartInfo("/usr/bin/dbus-daemon",
            ["--session", "--address=unix:path=" + socket, "--nofork", "--nopidfile"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        // It may complain about limits it cannot raise; that is noise, not a result.
        var noise = daemon.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            for (var i = 0; !File.Exists(socket); i++)
            {
                if (i > 200) Assert.Fail("the private dbus-daemon did not open its socket");
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }
            var context = new TestResourceContext();
            using var connections = new SystemdConnections(new SystemdSettings { SystemBusAddress = "unix:path=" + socket });
            context.ServiceMap.Add(connections);
            await using var h = await ResourceHarness<SvcResource>.StartAsync(new SvcResource { Name = "nginx", State = "running" }, context, watch: false);

            var e = await Assert.ThrowsAsync<SystemdUnavailableException>(() => h.CheckApplyAsync());
            Assert.Contains("the bus is there but no systemd manager answers on it", e.Message);
        }
        finally
        {
            daemon.Kill();
            await daemon.WaitForExitAsync(TestContext.Current.CancellationToken);
            await noise;
        }
    }
}
