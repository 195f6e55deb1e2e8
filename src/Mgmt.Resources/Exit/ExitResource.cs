using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>exit</c>: makes the agent stop, ending with <see cref="Code"/>. Its check is never "right" until it has
/// acted, so it asks for the stop the first time it runs (after its dependencies, like any resource); in
/// <c>--noop</c> mode it only reports that it would. The graph then winds down as on a signal.
/// </summary>
/// <remarks>
/// An agent kept alive by a service manager that restarts it on exit would loop: use this only in one-shot runs,
/// tests and bootstrapping. See docs/resources/exit.md.
/// </remarks>
[ResourceKind("exit")]
public sealed class ExitResource : Resource
{
    /// <summary>The most a portable exit code may be (shells give 126 and up their own meanings).</summary>
    public const long MaxCode = 125;

    /// <summary>The exit code of the agent, from 0 to 125.</summary>
    [Param("code")]
    public long Code { get; set; }

    public override void Validate()
    {
        if (Code is < 0 or > MaxCode)
        {
            throw new ResourceValidationException($"code is {Code}: an exit code must be between 0 and {MaxCode} (shells give 126 and above meanings of their own)");
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (!apply) return Task.FromResult(false);
        var agent = Context.Services.GetService(typeof(IAgentExit)) as IAgentExit
            ?? throw new InvalidOperationException("the exit resource needs an mgmt agent to stop, and this engine was started without one");
        ExitLog.Exiting(Context.Logger, Code);
        agent.RequestExit((int)Code, ToString());
        return Task.FromResult(false);
    }
}

internal static partial class ExitLog
{
    [LoggerMessage(EventId = 6901, Level = LogLevel.Warning, Message = "asking the agent to stop with exit code {Code}")]
    public static partial void Exiting(ILogger logger, long code);
}
