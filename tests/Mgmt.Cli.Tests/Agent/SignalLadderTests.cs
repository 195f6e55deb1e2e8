using System.Runtime.InteropServices;
using Mgmt.Cli.Agent;
using Mgmt.Tests.Support;

namespace Mgmt.Cli.Tests.Agent;

public sealed class SignalLadderTests
{
    private readonly ManualTime _time = new();
    private readonly List<(int Rung, PosixSignal Signal)> _climbed = [];

    private SignalLadder Ladder() => new(_time, TimeSpan.FromSeconds(15), (r, s) => _climbed.Add((r, s)));

    [Fact]
    public void Each_sigint_climbs_one_rung_and_never_by_itself()
    {
        using var ladder = Ladder();
        ladder.Raise(PosixSignal.SIGINT);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([(1, PosixSignal.SIGINT)], _climbed);
        ladder.Raise(PosixSignal.SIGINT);
        ladder.Raise(PosixSignal.SIGINT);
        ladder.Raise(PosixSignal.SIGINT);
        Assert.Equal([1, 2, 3, 4], _climbed.Select(c => c.Rung));
        Assert.Equal(4, ladder.Rung);
        Assert.Equal(PosixSignal.SIGINT, ladder.FirstSignal);
    }

    [Fact]
    public void A_sigterm_climbs_to_the_hard_rung_by_itself_every_15_seconds()
    {
        using var ladder = Ladder();
        ladder.Raise(PosixSignal.SIGTERM);
        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Single(_climbed);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, ladder.Rung);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(3, ladder.Rung);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, ladder.Rung);
        Assert.All(_climbed, c => Assert.Equal(PosixSignal.SIGTERM, c.Signal));
    }

    [Fact]
    public void A_signal_by_hand_restarts_the_automatic_climb()
    {
        using var ladder = Ladder();
        ladder.Raise(PosixSignal.SIGTERM);
        _time.Advance(TimeSpan.FromSeconds(10));
        ladder.Raise(PosixSignal.SIGTERM);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, ladder.Rung);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, ladder.Rung);
    }

    [Fact]
    public void Nothing_climbs_after_dispose()
    {
        var ladder = Ladder();
        ladder.Raise(PosixSignal.SIGTERM);
        ladder.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));
        ladder.Raise(PosixSignal.SIGINT);
        Assert.Single(_climbed);
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT, 130)]
    [InlineData(PosixSignal.SIGTERM, 143)]
    public void Interrupted_exit_codes_follow_the_shell_convention(PosixSignal signal, int code)
    {
        Assert.Equal(code, ExitCodes.Interrupted(SignalLadder.Number(signal)));
    }
}
