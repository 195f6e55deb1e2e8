using System.Runtime.InteropServices;

namespace Mgmt.Cli.Agent;

/// <summary>
/// The stop ladder for SIGINT and SIGTERM: the first signal asks for an orderly shutdown, the second
/// interrupts running checks (soft), the third interrupts resources that can be interrupted (hard), later
/// ones repeat the hard rung. Nobody types ^C three times into a service manager, so after a SIGTERM each rung
/// climbs to the next one by itself when the agent is still running after <see cref="EscalateAfter"/>.
/// </summary>
public sealed class SignalLadder : IDisposable
{
    /// <summary>How long a SIGTERM rung waits before climbing by itself, as the reference does.</summary>
    public static readonly TimeSpan DefaultEscalateAfter = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Action<int, PosixSignal> _climb;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private ITimer? _escalation;
    private bool _disposed;

    /// <param name="time">The clock for the automatic climb.</param>
    /// <param name="escalateAfter">How long a SIGTERM rung waits before climbing by itself.</param>
    /// <param name="climb">Called with the new rung (1, 2, 3, ...) and the signal that caused it; never concurrently.</param>
    public SignalLadder(TimeProvider time, TimeSpan escalateAfter, Action<int, PosixSignal> climb)
    {
        _time = time;
        EscalateAfter = escalateAfter;
        _climb = climb;
    }

    public TimeSpan EscalateAfter { get; }

    /// <summary>The rung reached so far; 0 before any signal.</summary>
    public int Rung { get; private set; }

    /// <summary>The signal that started the climb, if any.</summary>
    public PosixSignal? FirstSignal { get; private set; }

    /// <summary>Takes over SIGINT and SIGTERM for this process (they no longer terminate it by default).</summary>
    public void Register()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Raise(context.Signal);
            }));
        }
    }

    /// <summary>Climbs one rung because of <paramref name="signal"/> (also used by tests instead of real signals).</summary>
    public void Raise(PosixSignal signal)
    {
        lock (_lock)
        {
            if (_disposed) return;
            Rung++;
            FirstSignal ??= signal;
            _escalation?.Dispose();
            _escalation = null;
            _climb(Rung, signal);
            if (signal == PosixSignal.SIGTERM && Rung < 3)
            {
                _escalation = _time.CreateTimer(static s => ((SignalLadder)s!).Raise(PosixSignal.SIGTERM), this, EscalateAfter, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The conventional number of a signal (2 for SIGINT, 15 for SIGTERM).</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => (int)signal,
    };

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _escalation?.Dispose();
        }
        foreach (var r in _registrations) r.Dispose();
    }
}
