using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources;

/// <summary>
/// <c>exec</c>: runs a command when the resource is checked (the first time, and again after each watch event
/// or refresh), unless a guard says it is not needed: <see cref="IfCmd"/>, <see cref="NIfCmd"/>,
/// <see cref="Creates"/>; <see cref="Mtimes"/> can force a run. A long-running <see cref="WatchCmd"/> (one event
/// per output line) and <see cref="WatchFiles"/> decide when to check again.
/// </summary>
/// <remarks>
/// Every command runs in its own process group with an empty environment (unless <see cref="Env"/> is given)
/// and stdin closed. A non-zero exit of the main command is an error naming the exit code and the end of its
/// stderr. See docs/resources/exec.md.
/// </remarks>
[ResourceKind("exec")]
[Sends("output", "str")]
[Sends("stdout", "str")]
[Sends("stderr", "str")]
public sealed partial class ExecResource : Resource, IEdgeable, ISendable, IInterruptible
{
    /// <summary>The command; the name when empty. Split on white space unless a shell runs it.</summary>
    [Param("cmd")]
    public string Cmd { get; set; } = "";

    /// <summary>Arguments passed as they are (no splitting, no quoting); then cmd holds only the program.</summary>
    [Param("args")]
    public IReadOnlyList<string>? Args { get; set; }

    /// <summary>The working directory of the command; mgmt's own when empty.</summary>
    [Param("cwd")]
    public string Cwd { get; set; } = "";

    /// <summary>A shell (such as <c>/bin/sh</c>) that runs the command with <c>-c</c>.</summary>
    [Param("shell")]
    public string Shell { get; set; } = "";

    /// <summary>The whole environment of every command this resource runs; empty by default.</summary>
    [Param("env")]
    public IReadOnlyDictionary<string, string>? Env { get; set; }

    /// <summary>The signal sent to a running command when the engine cancels it; SIGTERM when empty.</summary>
    [Param("cancel_signal")]
    public string CancelSignal { get; set; } = "";

    /// <summary>The reference's name for <see cref="CancelSignal"/>; either may be used (both only with the same signal).</summary>
    [Param("sig")]
    public string Sig { get; set; } = "";

    /// <summary>The cancel signal given by either name; empty for the default (SIGTERM).</summary>
    internal string EffectiveCancelSignal => CancelSignal.Length > 0 ? CancelSignal : Sig;

    /// <summary>Seconds the main command may run before its process group is killed (an error); 0 is no limit.</summary>
    [Param("timeout")]
    public ulong Timeout { get; set; }

    /// <summary>A long-running command whose every output line is an event.</summary>
    [Param("watchcmd")]
    public string WatchCmd { get; set; } = "";

    [Param("watchcwd")]
    public string WatchCwd { get; set; } = "";

    [Param("watchshell")]
    public string WatchShell { get; set; } = "";

    /// <summary>Files whose changes are events (a trailing slash watches a directory tree).</summary>
    [Param("watchfiles")]
    public IReadOnlyList<string>? WatchFiles { get; set; }

    /// <summary>A guard: the command runs only when this one exits with 0.</summary>
    [Param("ifcmd")]
    public string IfCmd { get; set; } = "";

    [Param("ifcwd")]
    public string IfCwd { get; set; } = "";

    [Param("ifshell")]
    public string IfShell { get; set; } = "";

    /// <summary>When the guard succeeds and its combined output equals this, the command is skipped.</summary>
    [Param("ifequals")]
    public string? IfEquals { get; set; }

    /// <summary>Like <see cref="IfEquals"/>, compared with the guard's stdout only.</summary>
    [Param("ifequals_stdout")]
    public string? IfEqualsStdout { get; set; }

    /// <summary>A guard: the command is skipped when this one exits with 0.</summary>
    [Param("nifcmd")]
    public string NIfCmd { get; set; } = "";

    [Param("nifcwd")]
    public string NIfCwd { get; set; } = "";

    [Param("nifshell")]
    public string NIfShell { get; set; } = "";

    /// <summary>A path whose existence skips the command; it is watched.</summary>
    [Param("creates")]
    public string Creates { get; set; } = "";

    /// <summary>Files that force a run when one is newer than the last successful run; they are watched.</summary>
    [Param("mtimes")]
    public IReadOnlyList<string>? Mtimes { get; set; }

    /// <summary>A command run after the main command succeeded; its failure counts as the command's.</summary>
    [Param("donecmd")]
    public string DoneCmd { get; set; } = "";

    [Param("donecwd")]
    public string DoneCwd { get; set; } = "";

    [Param("doneshell")]
    public string DoneShell { get; set; } = "";

    /// <summary>The user (name or uid) every command runs as; needs root.</summary>
    [Param("user")]
    public string User { get; set; } = "";

    /// <summary>The group (name or gid) every command runs as; needs root.</summary>
    [Param("group")]
    public string Group { get; set; } = "";

    /// <summary>Sent as <c>output</c> when no run of this resource produced one yet.</summary>
    [Param("send_output")]
    public string? SendOutput { get; set; }

    [Param("send_stdout")]
    public string? SendStdout { get; set; }

    [Param("send_stderr")]
    public string? SendStderr { get; set; }

    /// <summary>The command actually run: <see cref="Cmd"/>, or the name.</summary>
    public string Command => Cmd.Length > 0 ? Cmd : Name;

    // Unset lists stay null (as the reference's nil), so they print as unset; the code reads these views.
    private IReadOnlyList<string> ArgList => Args ?? [];
    private IReadOnlyDictionary<string, string> EnvMap => Env ?? new Dictionary<string, string>();
    private IReadOnlyList<string> WatchFileList => WatchFiles ?? [];
    private IReadOnlyList<string> MtimeList => Mtimes ?? [];

    public override void Validate()
    {
        if (Command.Trim().Length == 0) throw Invalid("the command is empty: give it in cmd or as the resource name");
        if (ArgList.Count > 0 && Shell.Length > 0) throw Invalid("args cannot be used with a shell: put the whole command line in cmd");
        if (ArgList.Count > 0 && Words(Command) > 1)
        {
            throw Invalid("args cannot be used when cmd has arguments itself: put only the program in cmd");
        }
        foreach (var key in EnvMap.Keys)
        {
            if (!IsVariableName(key))
            {
                throw Invalid($"env: '{key}' is not a valid variable name (letters, digits and underscores, not starting with a digit)");
            }
        }
        foreach (var (name, value) in new[] { ("cancel_signal", CancelSignal), ("sig", Sig) })
        {
            if (value.Length == 0) continue;
            try
            {
                Signals.Parse(value);
            }
            catch (FormatException e)
            {
                throw Invalid($"{name}: {e.Message}");
            }
        }
        if (CancelSignal.Length > 0 && Sig.Length > 0 && Signals.Parse(CancelSignal) != Signals.Parse(Sig))
        {
            throw Invalid($"cancel_signal ({CancelSignal}) and sig ({Sig}) are two names for one setting but name different signals: keep one");
        }
        foreach (var file in WatchFileList) RequireAbsolute("watchfiles", file);
        foreach (var file in MtimeList) RequireAbsolute("mtimes", file);
        if (Creates.Length > 0) RequireAbsolute("creates", Creates);
        if ((IfEquals is not null || IfEqualsStdout is not null) && IfCmd.Length == 0)
        {
            throw Invalid("ifequals and ifequals_stdout compare the output of ifcmd, which is not set");
        }
        if ((User.Length > 0 || Group.Length > 0) && Posix.EffectiveUid != 0 && !IsCurrentIds())
        {
            throw Invalid("running commands as another user or group needs mgmt to run as root");
        }
    }

    private bool IsCurrentIds() =>
        (User.Length == 0 || User == Posix.EffectiveUid.ToString(CultureInfo.InvariantCulture)) &&
        (Group.Length == 0 || Group == Posix.EffectiveGid.ToString(CultureInfo.InvariantCulture));

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void RequireAbsolute(string param, string path)
    {
        if (!path.StartsWith('/')) throw Invalid($"{param}: the path '{path}' must be absolute");
    }

    private static ResourceValidationException Invalid(string message) => new(message);
}
