using System.Collections.Frozen;

namespace Mgmt.Platform.Processes;

/// <summary>POSIX signal names and numbers (the generic Linux numbering, shared by x86-64 and arm64).</summary>
public static class Signals
{
    public const int Int = 2;
    public const int Kill = 9;
    public const int Term = 15;

    private static readonly FrozenDictionary<string, int> ByName = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["SIGHUP"] = 1, ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGILL"] = 4, ["SIGTRAP"] = 5, ["SIGABRT"] = 6,
        ["SIGBUS"] = 7, ["SIGFPE"] = 8, ["SIGKILL"] = 9, ["SIGUSR1"] = 10, ["SIGSEGV"] = 11, ["SIGUSR2"] = 12,
        ["SIGPIPE"] = 13, ["SIGALRM"] = 14, ["SIGTERM"] = 15, ["SIGSTKFLT"] = 16, ["SIGCHLD"] = 17,
        ["SIGCONT"] = 18, ["SIGSTOP"] = 19, ["SIGTSTP"] = 20, ["SIGTTIN"] = 21, ["SIGTTOU"] = 22,
        ["SIGURG"] = 23, ["SIGXCPU"] = 24, ["SIGXFSZ"] = 25, ["SIGVTALRM"] = 26, ["SIGPROF"] = 27,
        ["SIGWINCH"] = 28, ["SIGIO"] = 29, ["SIGPOLL"] = 29, ["SIGPWR"] = 30, ["SIGSYS"] = 31,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The number of a signal named like <c>SIGTERM</c>; false for anything else.</summary>
    public static bool TryParse(string name, out int number) => ByName.TryGetValue(name, out number);

    /// <summary>
    /// The number of a signal named like <c>SIGTERM</c>. Throws <see cref="FormatException"/> otherwise, suggesting
    /// the spelling the user probably meant (<c>term</c> gives "did you mean SIGTERM?").
    /// </summary>
    public static int Parse(string name)
    {
        if (TryParse(name, out var n)) return n;
        var upper = name.ToUpperInvariant();
        var guess = ByName.ContainsKey(upper) ? upper : ByName.ContainsKey("SIG" + upper) ? "SIG" + upper : null;
        throw new FormatException(guess is null
            ? $"'{name}' is not a signal name; use a name such as SIGTERM, SIGINT or SIGHUP"
            : $"'{name}' is not a signal name; did you mean {guess}?");
    }

    /// <summary>The name of a signal number, such as <c>SIGKILL</c>, or <c>signal N</c> when unknown.</summary>
    public static string Name(int number)
    {
        foreach (var (name, value) in ByName)
        {
            if (value == number && name != "SIGPOLL") return name;
        }
        return $"signal {number}";
    }
}
