using System.Diagnostics;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Gsettings;

/// <summary>
/// The gsettings resource against real dconf: a private session bus (dbus-daemon) that activates Debian's
/// dconf-service, whose database lives in a temporary XDG_CONFIG_HOME. The schema is the desktop's own
/// (gsettings-desktop-schemas).
/// </summary>
public sealed class GsettingsTests : IAsyncLifetime
{
    private const string Schema = "org.gnome.desktop.interface";
    private readonly TempDirectory _dir = new();
    private Process? _bus;
    private Dictionary<string, string> _env = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!Tool.Exists("gsettings") || !Tool.Exists("dbus-daemon") || !File.Exists("/usr/libexec/dconf-service")) return;
        var socket = _dir["bus"];
        Directory.CreateDirectory(_dir["config"]);
        Directory.CreateDirectory(_dir["runtime"]);
        var info = new ProcessStartInfo("dbus-daemon") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "--session", "--nofork", "--nopidfile", "--print-address", "--address=unix:path=" + socket }) info.ArgumentList.Add(a);
        // dconf-service inherits the bus's environment: its database goes to the test's directory.
        info.Environment["XDG_CONFIG_HOME"] = _dir["config"];
        info.Environment["XDG_RUNTIME_DIR"] = _dir["runtime"];
        _bus = Process.Start(info)!;
        await _bus.StandardOutput.ReadLineAsync(Cancel); // printed once the bus listens
        _env = new()
        {
            ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + socket,
            ["XDG_CONFIG_HOME"] = _dir["config"],
            ["XDG_RUNTIME_DIR"] = _dir["runtime"],
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            // The activated dconf-service exits with its bus.
            _bus.Kill();
            await _bus.WaitForExitAsync();
            _bus.Dispose();
        }
        _dir.Dispose();
    }

    private void Require()
    {
        if (_bus is null) Assert.Skip("gsettings, dbus-daemon or dconf-service is missing (apt-get install libglib2.0-bin dbus-daemon dconf-service dconf-gsettings-backend gsettings-desktop-schemas)");
    }

    private GsettingsResource Setting(string key, string type, Value value) =>
        new() { Name = $"{Schema} {key}", Type = type, Value = value, SessionEnvironment = _env };

    private async Task<string> GetAsync(string key)
    {
        var info = new ProcessStartInfo("gsettings") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "get", Schema, key }) info.ArgumentList.Add(a);
        foreach (var (k, v) in _env) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var text = await p.StandardOutput.ReadToEndAsync(Cancel);
        await p.WaitForExitAsync(Cancel);
        return text.Trim();
    }

    [Theory]
    [InlineData("cursor-size", GsettingsResource.IntType, "48", "48")]
    [InlineData("enable-animations", GsettingsResource.BoolType, "false", "false")]
    [InlineData("gtk-theme", GsettingsResource.StrType, "it's \"mine\"", "\"it's \\\"mine\\\"\"")]
    [InlineData("icon-theme", GsettingsResource.StrType, "plain", "'plain'")]
    [InlineData("clock-format", GsettingsResource.CustomType, "'12h'", "'12h'")]
    public async Task Sets_a_key_in_dconf(string key, string type, string value, string printed)
    {
        Require();
        Value v = type switch
        {
            GsettingsResource.IntType => new IntValue(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            GsettingsResource.BoolType => bool.Parse(value) ? BoolValue.True : BoolValue.False,
            _ => new StrValue(value),
        };
        await using var h = await ResourceHarness<GsettingsResource>.StartAsync(Setting(key, type, v), watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.NotEqual(printed, await GetAsync(key));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(printed, await GetAsync(key));
        Assert.True(await h.CheckApplyAsync());
        Assert.True(File.Exists(Path.Join(_dir["config"], "dconf", "user")), "dconf did not write its database");
    }

    [Fact]
    public async Task The_watch_sees_a_change_made_by_someone_else()
    {
        Require();
        await using var h = await ResourceHarness<GsettingsResource>.StartAsync(Setting("cursor-size", GsettingsResource.IntType, new IntValue(32)));
        await h.CheckApplyAsync();
        await Task.Delay(500, Cancel); // the monitor subscribes
        h.Context.DrainEvents();
        var info = new ProcessStartInfo("gsettings") { UseShellExecute = false };
        foreach (var a in new[] { "set", Schema, "cursor-size", "64" }) info.ArgumentList.Add(a);
        foreach (var (k, v) in _env) info.Environment[k] = v;
        using (var p = Process.Start(info)!) await p.WaitForExitAsync(Cancel);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the key changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("32", await GetAsync("cursor-size"));
    }

    [Fact]
    public async Task Missing_bus_schema_key_and_user_are_clear_errors()
    {
        Require();
        var noBus = Setting("cursor-size", GsettingsResource.IntType, new IntValue(1));
        noBus.SessionEnvironment = new Dictionary<string, string> { ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + _dir["nobus"] };
        await using (var h = await ResourceHarness<GsettingsResource>.StartAsync(noBus, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("did not take effect", e.Message, StringComparison.Ordinal);
        }
        await using (var h = await ResourceHarness<GsettingsResource>.StartAsync(new GsettingsResource { Name = "org.example.nothing key", Type = "int", Value = new IntValue(1), SessionEnvironment = _env }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("No such schema", e.Message, StringComparison.Ordinal);
        }
        await using (var h = await ResourceHarness<GsettingsResource>.StartAsync(new GsettingsResource { Name = "x", Schema = Schema, Key = "no-such-key", Type = "int", Value = new IntValue(1), SessionEnvironment = _env }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("No such key", e.Message, StringComparison.Ordinal);
        }
        var ghost = Setting("cursor-size", GsettingsResource.IntType, new IntValue(1));
        ghost.User = "mgmt-no-such-user";
        await using (var h = await ResourceHarness<GsettingsResource>.StartAsync(ghost))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("user 'mgmt-no-such-user' does not exist", e.Message, StringComparison.Ordinal);
            Assert.False(h.Watch!.IsCompleted, "the watch waits for the user instead of failing");
        }
    }

    [Theory]
    [InlineData("s k", "", "", "flt", "type 'flt'")]
    [InlineData("s k", "", "", "int", "does not fit type 'int'")]
    [InlineData("onlyone", "", "", "int", "the schema is empty")]
    [InlineData("x", "s", "", "int", "the key is empty")]
    public void Parameters_are_checked(string name, string schema, string key, string type, string expected)
    {
        var r = new GsettingsResource { Name = name, Schema = schema, Key = key, Type = type, Value = new StrValue("v") };
        var e = Assert.Throws<ResourceValidationException>(r.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_are_quoted_as_gsettings_prints_them()
    {
        Assert.Equal("'plain'", GsettingsResource.Quote("plain"));
        Assert.Equal("\"it's\"", GsettingsResource.Quote("it's"));
        Assert.Equal("\"both ' and \\\"\"", GsettingsResource.Quote("both ' and \""));
        Assert.Equal("'back\\\\slash'", GsettingsResource.Quote("back\\slash"));
    }
}
