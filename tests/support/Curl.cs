using System.Diagnostics;

namespace Mgmt.Tests.Support;

/// <summary>Runs the real curl (as a user would) and returns its exit code, the HTTP status it saw and the body.</summary>
public static class Curl
{
    public static async Task<(int Exit, int Status, string Body)> RunAsync(CancellationToken cancel, params string[] args)
    {
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // -s: no progress; -S: but errors; -w: the status on a last line of its own; --noproxy: the servers under
        // test are on loopback, and a proxy set in the environment (as on some CI machines) must not stand between.
        foreach (var a in (string[])["-sS", "--noproxy", "*", "--max-time", "20", "-w", "\n%{http_code}", .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start curl");
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        var text = await output;
        var errorText = await errors;
        // What curl said on stderr is what explains an unexpected exit code: it goes to the test's output.
        if (errorText.Length > 0) TestContext.Current.TestOutputHelper?.WriteLine($"curl {string.Join(' ', args)}: {errorText.Trim()}");
        var cut = text.LastIndexOf('\n');
        var status = int.TryParse(text[(cut + 1)..], out var s) ? s : 0;
        return (process.ExitCode, status, cut < 0 ? "" : text[..cut]);
    }
}
