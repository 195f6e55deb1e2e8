using System.Diagnostics;
using Mgmt.Cli.Tests.EndToEnd;
using static Mgmt.Cli.Tests.Lang.LangExamples;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>
/// Every program in examples/mcl runs through the real binary, as a user would run it, and leaves the machine as it
/// says: the demos of the reactive language (a clock, a file that comes back, hysteresis, a program edited while it
/// runs) and one example per language feature.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class LangExampleTests : IDisposable
{
    private static readonly string[] All =
        ["hello", "clock", "comeback", "hysteresis", "edit-me", "loop", "classes", "functions", "template", "except", "switch", "sendrecv", "vumeter"];

    private readonly TempDir _dir = new();

    public LangExampleTests()
    {
        foreach (var e in All) Examples.Clear(e);
    }

    [Fact]
    public async Task Every_example_passes_check()
    {
        // Every program of examples/mcl, including those other tests run (the virt and systemd demos).
        var examples = System.IO.Directory.GetFiles(LangExamples.Directory, "*.mcl")
            .Concat(System.IO.Directory.GetDirectories(LangExamples.Directory).Select(d => d + "/"))
            .ToList();
        Assert.Superset(All.Select(Input).ToHashSet(), examples.ToHashSet());
        foreach (var e in examples)
        {
            var (code, p) = await MgmtProcess.RunAsync(["check", "lang", e]);
            await using (p) Assert.True(code == 0, $"{e}: {p.Stderr}");
        }
    }

    [Fact]
    public async Task Hello_makes_the_same_file_as_the_yaml_hello()
    {
        var (code, p) = await RunOnceAsync("hello");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.Equal("hello from mgmt\n", Read("hello", "hello.txt"));
            Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(State("hello", "hello.txt")));
            Assert.Contains("Msg: /tmp/mgmt-example-hello/hello.txt is in place", p.Stderr, StringComparison.Ordinal);
            Assert.Contains("graph " + Input("hello") + " is running (3 resources, 1 edges)", p.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Clock_writes_the_time_and_the_time_five_seconds_ago_and_keeps_it_current()
    {
        await using var p = Start("clock");
        await EventuallyAsync(p, () => Read("clock", "status.txt") is not null, "the status file");
        var first = Field(Read("clock", "status.txt")!, "now");
        await EventuallyAsync(p, () => Read("clock", "status.txt") is { } s && Field(s, "now") > first, "a new time in the file");

        var status = Read("clock", "status.txt")!;
        var lag = Field(status, "now") - Field(status, "five seconds ago");
        Assert.InRange(lag, 4, 6);
        Assert.Matches(@"load: \d+\.\d\d \d+\.\d\d \d+\.\d\d\n", status);
        await StopAsync(p);
    }

    [Fact]
    public async Task Comeback_puts_a_removed_file_straight_back()
    {
        await using var p = Start("comeback");
        var file = State("comeback", "precious.txt");
        await EventuallyAsync(p, () => File.Exists(file), "the file");

        File.Delete(file);
        await EventuallyAsync(p, () => File.Exists(file), "the file's return", seconds: 10);
        Assert.Equal("Remove me if you can.\n", Read("comeback", "precious.txt"));

        // Moved away first, so that mgmt's repair cannot race the recursive delete.
        System.IO.Directory.Move(State("comeback"), _dir.File("gone"));
        await EventuallyAsync(p, () => File.Exists(file), "the return of the directory and the file", seconds: 10);
        await StopAsync(p);
    }

    [Fact]
    public async Task Hysteresis_switches_off_on_sustained_load_and_on_only_after_sustained_calm()
    {
        // A window of four seconds (a step of one) instead of ten keeps the test short; the logic is the same.
        System.IO.Directory.CreateDirectory(State("hysteresis"));
        await File.WriteAllTextAsync(State("hysteresis", "window"), "4\n", TestContext.Current.CancellationToken);
        await using var p = Start("hysteresis");
        var service = State("hysteresis", "service");
        await EventuallyAsync(p, () => Read("hysteresis", "state")?.StartsWith("on ", StringComparison.Ordinal) == true && File.Exists(service), "the service running");

        // A spike much shorter than a step changes nothing.
        await WriteLoadAsync("3.0");
        await Task.Delay(150, TestContext.Current.CancellationToken);
        await WriteLoadAsync("0.1");
        await EventuallyAsync(p, () => Read("hysteresis", "state")?.Contains("load 0.10", StringComparison.Ordinal) == true, "the end of the spike");
        for (var i = 0; i < 25; i++)
        {
            Assert.True(File.Exists(service), $"a short spike switched the service off. mgmt's log:\n{p.Stderr}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // A load that stays high switches it off...
        await WriteLoadAsync("3.0");
        await EventuallyAsync(p, () => Read("hysteresis", "state")?.StartsWith("off ", StringComparison.Ordinal) == true && !File.Exists(service), "the service going off under load");
        await Task.Delay(2500, TestContext.Current.CancellationToken);

        // ...and low load alone is not enough: it stays off until the load has been low for the whole window.
        await WriteLoadAsync("0.2");
        var calm = Stopwatch.StartNew();
        await EventuallyAsync(p, () => Read("hysteresis", "state")?.Contains("load 0.20", StringComparison.Ordinal) == true, "the new load in the state file");
        Assert.StartsWith("off ", Read("hysteresis", "state"), StringComparison.Ordinal);
        Assert.False(File.Exists(service), "the service came back with the first low sample");
        await EventuallyAsync(p, () => File.Exists(service), "the service coming back");
        Assert.True(calm.Elapsed >= TimeSpan.FromSeconds(3), $"the service came back {calm.Elapsed} after the load went down, before the window");
        // The state file is another resource of the same graph: the engine applies the two independently.
        await EventuallyAsync(p, () => Read("hysteresis", "state")?.StartsWith("on ", StringComparison.Ordinal) == true, "the state file saying on");
        await StopAsync(p);
    }

    private static Task WriteLoadAsync(string load) =>
        File.WriteAllTextAsync(State("hysteresis", "load"), load + "\n", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Edit_me_follows_edits_of_its_own_source()
    {
        var program = _dir.Write("edit-me.mcl", await File.ReadAllTextAsync(Input("edit-me"), TestContext.Current.CancellationToken));
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "lang", program]);
        await EventuallyAsync(p, () => Read("edit-me", "message.txt") == "the first version\n", "the first message");

        await File.WriteAllTextAsync(program, File.ReadAllText(program).Replace("the first version", "the second version", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("edit-me", "message.txt") == "the second version\n", "the edited message");
        await StopAsync(p);
    }

    [Fact]
    public async Task Edit_me_with_no_watch_ignores_edits()
    {
        var program = _dir.Write("edit-me.mcl", await File.ReadAllTextAsync(Input("edit-me"), TestContext.Current.CancellationToken));
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--no-watch", "lang", program]);
        await EventuallyAsync(p, () => Read("edit-me", "message.txt") == "the first version\n", "the first message");

        await File.WriteAllTextAsync(program, File.ReadAllText(program).Replace("the first version", "the second version", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal("the first version\n", Read("edit-me", "message.txt"));
        Assert.DoesNotContain("changed: starting the edited program", p.Stderr, StringComparison.Ordinal);
        await StopAsync(p);
    }

    [Fact]
    public async Task Loop_grows_and_shrinks_with_its_list()
    {
        await using var p = Start("loop");
        await EventuallyAsync(p, () => Read("loop", "gamma.txt") == "gamma is number 3\n", "the three files");
        Assert.Equal("alpha is number 1\n", Read("loop", "alpha.txt"));
        Assert.Contains("is running (4 resources", p.Stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(State("loop", "names"), "alpha\nbeta\ngamma\ndelta\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("loop", "delta.txt") == "delta is number 4\n", "the new element's file");
        await p.WaitForLogAsync("is running (5 resources");

        await File.WriteAllTextAsync(State("loop", "names"), "alpha\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("is running (2 resources");
        await StopAsync(p);
    }

    [Fact]
    public async Task Classes_include_local_and_module_classes()
    {
        var (code, p) = await RunOnceAsync("classes", "--hostname", "web1");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.Equal("server www listens on port 80\n", Read("classes", "www.conf"));
            Assert.Equal("server api listens on port 8080\n", Read("classes", "api.conf"));
            Assert.Equal("WELCOME TO WEB1\n", Read("classes", "motd"));
            Assert.Equal("1.2.3\n", Read("classes", "version"));
        }
    }

    [Fact]
    public async Task Functions_and_lambdas_compute_the_contents()
    {
        var (code, p) = await RunOnceAsync("functions");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.Equal("HELLO, WORLD!\n", Read("functions", "shout.txt"));
            Assert.Equal("hello, ada\nhello, grace\nhello, barbara\n", Read("functions", "greetings.txt"));
            Assert.Equal("abab cdcd\n", Read("functions", "twice.txt"));
            Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(State("functions", "twice.txt")));
        }
    }

    [Fact]
    public async Task Template_renders_printf_and_a_go_template()
    {
        var (code, p) = await RunOnceAsync("template", "--hostname", "web1");
        await using (p)
        {
            Assert.Equal(0, code);
            Assert.Equal("backend has 2 servers, weight 3, on web1\n", Read("template", "summary.txt"));
            Assert.Equal("upstream backend {\n\tserver 10.0.0.1:8080 weight=3;\n\tserver 10.0.0.2:8080 weight=3;\n}\n", Read("template", "upstream.conf"));
        }
    }

    [Fact]
    public async Task Except_falls_back_and_recovers()
    {
        await using var p = Start("except");
        await EventuallyAsync(p, () => Read("except", "port") == "8080\n", "the default port");
        Assert.Equal("nobody 0\n", Read("except", "owner"));

        await File.WriteAllTextAsync(State("except", "port.conf"), "9090\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("except", "port") == "9090\n", "the configured port");
        await File.WriteAllTextAsync(State("except", "port.conf"), "nine\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("except", "port") == "8080\n", "the default port again");
        await File.WriteAllTextAsync(State("except", "port.conf"), "7070\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("except", "port") == "7070\n", "the recovered port");
        await StopAsync(p);
    }

    [Fact]
    public async Task Switch_swaps_resources_when_its_condition_changes()
    {
        await using var p = Start("switch");
        await EventuallyAsync(p, () => Read("switch", "green.txt") == "green is live\n", "green");
        Assert.False(File.Exists(State("switch", "blue.txt")));

        await File.WriteAllTextAsync(State("switch", "mode"), "blue\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("switch", "blue.txt") == "blue is live\n" && !File.Exists(State("switch", "green.txt")), "the switch to blue");
        await File.WriteAllTextAsync(State("switch", "mode"), "green\n", TestContext.Current.CancellationToken);
        await EventuallyAsync(p, () => Read("switch", "green.txt") == "green is live\n" && !File.Exists(State("switch", "blue.txt")), "the switch back to green");
        await StopAsync(p);
    }

    [Fact]
    public async Task Sendrecv_passes_a_value_along_an_edge_and_through_the_local_store()
    {
        await using var p = Start("sendrecv");
        await EventuallyAsync(p, () => Read("sendrecv", "received.txt") == "hello through send/recv\n", "the received content");
        await EventuallyAsync(p, () => Read("sendrecv", "stored.txt") == "stored: hello through send/recv\n", "the value read back");
        await StopAsync(p);
    }

    [Fact]
    public async Task Vumeter_draws_the_level_of_a_sound_file_named_by_the_environment()
    {
        // Two seconds of raw sound, played in a loop one second per update: quiet (1/8 of full scale), then loud (3/4).
        var sound = new byte[2 * 16000];
        for (var i = 0; i < sound.Length; i += 2) sound[i + 1] = i < 16000 ? (byte)0x10 : (byte)0x60;
        var file = _dir.File("sound.raw");
        await File.WriteAllBytesAsync(file, sound, TestContext.Current.CancellationToken);
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "lang", Input("vumeter")], new Dictionary<string, string> { ["MGMT_VUMETER_SOURCE"] = file });
        await EventuallyAsync(p, () => Read("vumeter", "level") == "(0.125000):\n#####\n#####\n", "the quiet second");
        await EventuallyAsync(p, () => Read("vumeter", "level") == "(0.750000):\n" + new string('#', 30) + "\n" + new string('#', 30) + "\n", "the loud second");
        await EventuallyAsync(p, () => Read("vumeter", "level")?.StartsWith("(0.125000)", StringComparison.Ordinal) == true, "the quiet second again");
        await StopAsync(p);
    }

    [Fact]
    public async Task Vumeter_without_a_device_stops_with_what_is_missing()
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", Input("vumeter")], environment: new Dictionary<string, string> { ["MGMT_VUMETER_SOURCE"] = "mgmt-test-no-such-device" });
        await using (p)
        {
            Assert.Equal(2, code);
            Assert.Contains("mgmt: error: stream: ", p.Stderr, StringComparison.Ordinal);
            Assert.Contains("cannot record the capture device mgmt-test-no-such-device", p.Stderr, StringComparison.Ordinal);
            Assert.Contains("MGMT_VUMETER_SOURCE", p.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", p.Stderr, StringComparison.Ordinal);
            Assert.Null(Read("vumeter", "level"));
        }
    }

    public void Dispose()
    {
        _dir.Dispose();
        foreach (var e in All) Examples.Clear(e);
    }

    private static long Field(string status, string name)
    {
        var line = status.Split('\n').Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
