using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Changes;

/// <summary>
/// <c>treport</c>: keeps a text in memory and repairs it to <see cref="Text"/>, reporting through the change
/// contract the way a real kind does: before it acts, the same whether it applies or not.
/// </summary>
[ResourceKind("treport")]
public sealed class ReportingResource : Resource
{
    [Param("text")] public string Text { get; set; } = "";

    [Param("mode")] public string Mode { get; set; } = "";

    [Param("token", Sensitive = true)] public string Token { get; set; } = "";

    [Param("sensitive")] public bool Sensitive { get; set; }

    /// <summary>Milliseconds each CheckApply takes.</summary>
    [Param("slow")] public int Slow { get; set; }

    public string Current { get; set; } = "";

    public string CurrentMode { get; set; } = "0644";

    public string CurrentToken { get; set; } = "";

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Slow > 0) await Task.Delay(TimeSpan.FromMilliseconds(Slow), Context.Time, cancel);
        var ok = true;
        if (Current != Text)
        {
            ok = false;
            Context.Changes.Content("text", Current.Length == 0 ? null : System.Text.Encoding.UTF8.GetBytes(Current), System.Text.Encoding.UTF8.GetBytes(Text), Sensitive);
            if (apply) Current = Text;
        }
        if (Mode.Length > 0 && CurrentMode != Mode)
        {
            ok = false;
            Context.Changes.Set("mode", CurrentMode, Mode);
            if (apply) CurrentMode = Mode;
        }
        if (CurrentToken != Token)
        {
            ok = false;
            Context.Changes.Set("token", CurrentToken, Token);
            if (apply) CurrentToken = Token;
        }
        return ok;
    }
}
