using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// One long-running helper process, written in ruby and run by Puppet's ruby, that checks and applies single
/// resources with Puppet's own types and providers (the types mgmt has no native kind for). It starts on the first
/// request (Puppet takes a second or two to load) and then serves every request of its settings, one at a time, as
/// JSON lines over a pipe: one Puppet start for the whole run, never one per resource.
/// </summary>
/// <remarks>
/// The helper's script ships inside this assembly and is given to ruby with <c>-e</c>, so nothing is written to
/// disk. It listens on nothing: its only input is the pipe from this process. A helper that dies (or a request that
/// is cancelled midway, leaving its state unknown) is stopped, and the next request starts a new one.
/// </remarks>
public sealed partial class PuppetHelper(PuppetHelperSettings settings, ILogger logger, Func<PuppetInstallation>? find = null) : IAsyncDisposable
{
    /// <summary>How long Puppet may take to load before the helper counts as failed.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> Script = new(LoadScript);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private long _nextId;
    private bool _disposed;

    /// <summary>The settings this helper runs with.</summary>
    public PuppetHelperSettings Settings { get; } = settings;

    /// <summary>How many helper processes were started so far (one, unless one died).</summary>
    public int Starts { get; private set; }

    /// <summary>Sends <paramref name="request"/> and waits for its answer. Requests of all callers are served one after another.</summary>
    public async Task<PuppetHelperAnswer> RunAsync(PuppetHelperRequest request, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var process = await EnsureStartedAsync(cancel).ConfigureAwait(false);
            var id = ++_nextId;
            try
            {
                await process.StandardInput.WriteLineAsync(request.ToLine(id).AsMemory(), cancel).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(cancel).ConfigureAwait(false);
                var line = await process.StandardOutput.ReadLineAsync(cancel).ConfigureAwait(false)
                    ?? throw new PuppetHelperException($"the Puppet helper ended while it handled {request.Type}[{request.Title}]; it starts again for the next request");
                return PuppetHelperAnswer.Parse(line, id);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or PuppetHelperException)
            {
                // Midway, the helper's state is unknown: a fresh one serves the next request.
                Stop();
                if (e is IOException) throw new PuppetHelperException($"the Puppet helper ended unexpectedly ({e.Message}); it starts again for the next request");
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Process> EnsureStartedAsync(CancellationToken cancel)
    {
        if (_process is { HasExited: false } running) return running;
        Stop();
        PuppetInstallation puppet;
        try
        {
            puppet = (find ?? (() => PuppetInstallation.Find()))();
        }
        catch (PuppetMissingException e)
        {
            throw new PuppetHelperException(e.Message);
        }
        var info = new ProcessStartInfo(puppet.RubyPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(Script.Value);
        info.ArgumentList.Add("--");
        foreach (var a in Settings.Arguments()) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data)) Log.HelperOutput(logger, e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            process.Dispose();
            throw new PuppetHelperException($"the Puppet helper could not be started with {puppet.RubyPath}: {e.Message}");
        }
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        Log.Starting(logger, puppet.RubyPath, string.Concat(Settings.Arguments().Select(a => " " + a)));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(StartTimeout);
        string? ready;
        try
        {
            ready = await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            Stop();
            throw new PuppetHelperException($"Puppet did not load within {StartTimeout.TotalSeconds:0} s in the helper");
        }
        catch (OperationCanceledException)
        {
            Stop();
            throw;
        }
        if (ready is null || !ready.Contains("\"ready\":true", StringComparison.Ordinal))
        {
            Stop();
            throw new PuppetHelperException(ReadyError(ready));
        }
        Log.Ready(logger);
        return process;
    }

    private static string ReadyError(string? line)
    {
        if (line is null) return "the Puppet helper ended before it was ready (see the log above for Puppet's output)";
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("error", out var error)) return error.GetString() ?? line;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return $"the Puppet helper did not start: {line}";
    }

    private void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    private static string LoadScript()
    {
        using var stream = typeof(PuppetHelper).Assembly.GetManifestResourceStream("pippet-helper.rb")
            ?? throw new InvalidOperationException("the Puppet helper's script is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Ends the helper: closing its input lets it finish; it is killed if it does not within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_process is { HasExited: false } p)
            {
                try
                {
                    p.StandardInput.Close();
                    using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await p.WaitForExitAsync(patience.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
                {
                }
            }
            Stop();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "starting the Puppet helper ({Ruby}{Arguments})")]
        public static partial void Starting(ILogger logger, string ruby, string arguments);

        [LoggerMessage(EventId = 6902, Level = LogLevel.Information, Message = "the Puppet helper is ready")]
        public static partial void Ready(ILogger logger);

        [LoggerMessage(EventId = 6903, Level = LogLevel.Debug, Message = "Puppet helper: {Line}")]
        public static partial void HelperOutput(ILogger logger, string line);
    }
}
