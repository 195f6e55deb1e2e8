using System.Threading.Channels;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// Publishes what this agent runs and whether it converged (<see cref="IMembershipWorld.PublishStatusAsync"/>), which
/// <c>mgmt cluster status</c> shows for every host. Changes are sent in the background, newest first: a change that
/// comes while the store is slow replaces the one waiting, so the last state always arrives.
/// </summary>
public sealed partial class HostStatusPublisher : IAsyncDisposable
{
    private readonly IMembershipWorld _world;
    private readonly ILogger _log;
    private readonly Channel<HostStatus> _pending = Channel.CreateBounded<HostStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private HostStatus _current;

    public HostStatusPublisher(IMembershipWorld world, string frontEnd, string input, bool hasConverger, ILogger log)
    {
        _world = world;
        _log = log;
        _current = new HostStatus(frontEnd, input, hasConverger ? false : null);
        _pending.Writer.TryWrite(_current);
        _loop = Task.Run(PublishAsync);
    }

    /// <summary>The converger's state changed.</summary>
    public void Converged(bool converged) => Update(s => s with { Converged = converged });

    /// <summary>
    /// The deploy this agent runs now (null: a program given on its command line, or no deploy yet). The deploy
    /// follower calls it when it switches; <c>mgmt cluster status</c> and <c>mgmt deploy list</c> show it.
    /// </summary>
    public void RunningDeploy(ulong? deployId) => Update(s => s with { Deploy = deployId });

    private void Update(Func<HostStatus, HostStatus> change)
    {
        lock (_gate)
        {
            _current = change(_current);
            _pending.Writer.TryWrite(_current);
        }
    }

    private async Task PublishAsync()
    {
        try
        {
            await foreach (var status in _pending.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await _world.PublishStatusAsync(status, _stop.Token).ConfigureAwait(false);
                }
                catch (WorldException e)
                {
                    // The store is away: publish the latest state again once it answers.
                    Log.NotPublished(_log, e.Message);
                    lock (_gate) _pending.Writer.TryWrite(_current);
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1019, Level = LogLevel.Warning, Message = "could not publish this host's status: {Problem}")]
        public static partial void NotPublished(ILogger logger, string problem);
    }
}
