using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Exec;

/// <summary>sig, the reference's name for cancel_signal.</summary>
public sealed class ExecSigTests
{
    [Fact]
    public void Sig_is_accepted_as_the_cancel_signal()
    {
        var r = new ExecResource { Name = "e", Cmd = "sleep 1", Sig = "SIGINT" };
        r.Validate();
        Assert.Equal("SIGINT", r.EffectiveCancelSignal);
        new ExecResource { Name = "e", Cmd = "sleep 1", Sig = "SIGINT", CancelSignal = "SIGINT" }.Validate();
    }

    [Fact]
    public void Both_names_with_different_signals_or_a_bad_name_are_refused()
    {
        Assert.Contains("keep one", Assert.Throws<ResourceValidationException>(() => new ExecResource { Name = "e", Cmd = "x", Sig = "SIGINT", CancelSignal = "SIGHUP" }.Validate()).Message);
        Assert.Contains("sig:", Assert.Throws<ResourceValidationException>(() => new ExecResource { Name = "e", Cmd = "x", Sig = "SIGNOPE" }.Validate()).Message);
    }
}
