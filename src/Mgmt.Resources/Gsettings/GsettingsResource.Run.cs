using System.Globalization;
using Mgmt.Platform.Processes;
using Mgmt.Platform.Users;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

// Running gsettings as the user, against the user's session bus, and the watch with `gsettings monitor`.
public sealed partial class GsettingsResource
{
    /// <summary>How often a user that does not exist yet is looked for again.</summary>
    internal TimeSpan UserPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var (schema, key) = Target();
        var account = Account();
        var desired = DesiredText();
        var current = Normalize(await RunAsync(account, ["get", schema, key], cancel).ConfigureAwait(false));
        if (current == desired) return true;
        Context.Changes.Set($"{schema} {key}", current, desired);
        if (!apply) return false;
        await RunAsync(account, ["set", schema, key, desired], cancel).ConfigureAwait(false);
        // gsettings reports success even when dconf never got the write (no session bus): read it back.
        var now = Normalize(await RunAsync(account, ["get", schema, key], cancel).ConfigureAwait(false));
        if (now != desired)
        {
            throw new IOException($"gsettings set {schema} {key} did not take effect (it reads {now}): dconf is not reachable on the session bus {Environment(account)["DBUS_SESSION_BUS_ADDRESS"]}; is the user's session (or dconf-service) running?");
        }
        GsettingsLog.Set(Context.Logger, schema, key, current, desired);
        return false;
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var (schema, key) = Target();
        var running = false;
        try
        {
            UserAccount? account;
            while (true)
            {
                try
                {
                    account = Account();
                    break;
                }
                catch (IOException)
                {
                    if (!running) Context.Running();
                    running = true;
                    await Task.Delay(UserPollInterval, Context.Time, cancel).ConfigureAwait(false);
                }
            }
            if (running) Context.Event(); // the user appeared
            using var monitor = RunningProcess.Start(Spec(account, ["monitor", schema, key]) with { Name = "gsettings monitor", Capture = false, OnLine = _ => Context.Event() });
            if (!running) Context.Running();
            var result = await monitor.WaitAsync(cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            throw new IOException($"gsettings monitor {schema} {key} ended (exit code {result.ExitCode}); is the user's session bus gone?");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private async Task<string> RunAsync(UserAccount? account, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync(Spec(account, args) with { Timeout = TimeSpan.FromSeconds(60) }, cancel).ConfigureAwait(false);
        // Without a session bus GLib quietly keeps settings in memory, where they vanish: that is a failure here.
        if (result.Stderr.Contains("memory' GSettings backend", StringComparison.Ordinal))
        {
            throw new IOException($"gsettings cannot reach dconf for {(account?.Name ?? "this user")}: the session bus ({Environment(account)["DBUS_SESSION_BUS_ADDRESS"]}) is not running, or dconf-gsettings-backend is not installed");
        }
        if (!result.Succeeded) throw new IOException($"gsettings {string.Join(' ', args.Take(3))} failed: {result.Tail().Trim()}");
        return result.Stdout;
    }

    private ProcessSpec Spec(UserAccount? account, IReadOnlyList<string> args) => new()
    {
        Name = "gsettings",
        Command = Program,
        Args = args,
        WorkingDirectory = "/",
        Environment = Environment(account),
        User = account is null ? null : account.Uid.ToString(CultureInfo.InvariantCulture),
        Group = Group.Length > 0 ? Group : null,
        Time = Context.Time,
    };

    // The user's session: its bus at /run/user/UID/bus (where systemd --user or a desktop session puts it).
    private Dictionary<string, string> Environment(UserAccount? account)
    {
        var uid = account?.Uid ?? Mgmt.Platform.Files.Posix.EffectiveUid;
        var env = new Dictionary<string, string>
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = account?.Home ?? System.Environment.GetEnvironmentVariable("HOME") ?? "/",
            ["DBUS_SESSION_BUS_ADDRESS"] = $"unix:path=/run/user/{uid}/bus",
            ["XDG_RUNTIME_DIR"] = $"/run/user/{uid}/",
        };
        foreach (var (name, value) in SessionEnvironment ?? new Dictionary<string, string>()) env[name] = value;
        return env;
    }
}

internal static partial class GsettingsLog
{
    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "{Schema} {Key}: {Old} -> {New}")]
    public static partial void Set(ILogger logger, string schema, string key, string old, string @new);
}
