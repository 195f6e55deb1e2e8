using Mgmt.Engine.Resources;
using Mgmt.Lang.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Functions;

/// <summary>What a function node may use of its host. No function reaches for globals.</summary>
public interface IFunctionContext
{
    /// <summary>This machine's name (<c>$hostname</c>).</summary>
    string Hostname { get; }

    ILogger Logger { get; }

    TimeProvider Time { get; }

    /// <summary>Host services (the shared inotify watcher, the world...).</summary>
    IServiceProvider Services { get; }

    /// <summary>Host-local values written by <c>value</c> resources.</summary>
    LocalValues Local { get; }

    /// <summary>The files of the running program's own module (what <c>deploy.readfile</c> reads).</summary>
    ISourceFiles ProgramFiles { get; }

    /// <summary>The directory of the running program's entry file within <see cref="ProgramFiles"/> (<c>/</c>).</summary>
    string ProgramDirectory { get; }

    /// <summary>A directory that persists across runs for host-local function state (<c>local.vardir</c>).</summary>
    string VarDir(string name);
}
