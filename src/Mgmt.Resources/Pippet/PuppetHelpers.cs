using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// The agent's Puppet helpers, one per set of settings (normally just one), shared by every <c>pippet</c> resource
/// through the host services. Nothing starts until a resource sends its first request.
/// </summary>
public sealed class PuppetHelpers(ILoggerFactory loggers, Func<PuppetInstallation>? find = null) : IAsyncDisposable
{
    private readonly Dictionary<PuppetHelperSettings, PuppetHelper> _helpers = [];
    private readonly Lock _lock = new();

    /// <summary>The helper for <paramref name="settings"/>, created on first use.</summary>
    public PuppetHelper For(PuppetHelperSettings settings)
    {
        lock (_lock)
        {
            if (!_helpers.TryGetValue(settings, out var helper))
            {
                helper = new PuppetHelper(settings, loggers.CreateLogger("puppet-helper"), find);
                _helpers[settings] = helper;
            }
            return helper;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<PuppetHelper> helpers;
        lock (_lock)
        {
            helpers = [.. _helpers.Values];
            _helpers.Clear();
        }
        foreach (var helper in helpers) await helper.DisposeAsync().ConfigureAwait(false);
    }
}
