using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ExampleFunctions;

/// <summary>
/// <c>example.vumeter(symbol, multiplier, peak)</c>: every second, the loudest sample of the last second of sound
/// as a ratio of full scale, drawn as a bar of symbols (with PEAK!!! above the peak ratio).
/// </summary>
internal sealed class VuMeterStream : StreamNode
{
    private const int SampleRate = 8000;
    private const int BytesPerSecond = SampleRate * 2;

    private long _fileOffset;

    protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
        StreamLoop.ForEachInputAsync(stream, cancel, async (args, token) =>
        {
            var symbol = args[0].AsStr();
            var multiplier = args[1].AsInt();
            var peak = args[2].AsFloat();
            var options = Context.Services.GetService(typeof(VuMeterOptions)) as VuMeterOptions ?? VuMeterOptions.FromEnvironment();
            while (true)
            {
                double ratio;
                if (options.SourceFile is { } file)
                {
                    ratio = Peak(ReadFileSecond(file));
                    await stream.EmitAsync(Value.Str(Visual(symbol, multiplier, peak, ratio))).ConfigureAwait(false);
                    await StreamLoop.DelayAsync(Context.Time, TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                }
                else
                {
                    // Recording takes the second itself, so no extra wait is needed.
                    ratio = Peak(await RecordSecondAsync(options, token).ConfigureAwait(false));
                    await stream.EmitAsync(Value.Str(Visual(symbol, multiplier, peak, ratio))).ConfigureAwait(false);
                }
            }
        });

    /// <summary>The bar for one reading, as the reference draws it.</summary>
    internal static string Visual(string symbol, long multiplier, double peak, double ratio)
    {
        var count = (int)Math.Round(ratio * multiplier, MidpointRounding.AwayFromZero);
        var bar = string.Concat(Enumerable.Repeat(symbol, Math.Max(count, 0)));
        if (bar.Length == 0) bar = symbol;
        if (ratio > peak) bar += " PEAK!!!";
        return $"({ratio.ToString("F6", CultureInfo.InvariantCulture)}):\n{bar}\n{bar}";
    }

    internal static double Peak(ReadOnlySpan<byte> pcm)
    {
        var max = 0;
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            var sample = (short)(pcm[i] | (pcm[i + 1] << 8));
            max = Math.Max(max, Math.Abs((int)sample));
        }
        return Math.Min(max / 32768.0, 1.0);
    }

    private byte[] ReadFileSecond(string file)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FunctionException($"example.vumeter cannot read the sound file {file}: {e.Message}");
        }
        var start = data.Length >= 44 && data.AsSpan(0, 4).SequenceEqual("RIFF"u8) ? 44 : 0;
        var samples = data.Length - start;
        if (samples < 2) throw new FunctionException($"example.vumeter: the sound file {file} holds no samples");
        var chunk = new byte[Math.Min(BytesPerSecond, samples - samples % 2)];
        for (var i = 0; i < chunk.Length; i++) chunk[i] = data[start + (int)((_fileOffset + i) % samples)];
        _fileOffset = (_fileOffset + chunk.Length) % samples;
        return chunk;
    }

    private static async Task<byte[]> RecordSecondAsync(VuMeterOptions options, CancellationToken cancel)
    {
        var recorder = options.Recorder;
        var device = options.Device is null ? "the default capture device" : $"the capture device {options.Device}";
        var info = new ProcessStartInfo(recorder)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-q", "-d", "1", "-f", "S16_LE", "-c", "1", "-r", "8000", "-t", "raw" }) info.ArgumentList.Add(arg);
        if (options.Device is { } name)
        {
            info.ArgumentList.Add("-D");
            info.ArgumentList.Add(name);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new FunctionException($"example.vumeter could not start {recorder}");
        }
        catch (Win32Exception e)
        {
            throw new FunctionException(
                $"example.vumeter cannot record {device}: the {recorder} program (package alsa-utils) cannot be started ({e.Message}). " +
                $"Install alsa-utils and plug in a microphone, or set {VuMeterOptions.EnvironmentVariable} to a sound file (raw 16-bit mono at 8 kHz, or WAV)");
        }
        using (process)
        {
            using var memory = new MemoryStream();
            var errors = process.StandardError.ReadToEndAsync(cancel);
            try
            {
                await process.StandardOutput.BaseStream.CopyToAsync(memory, cancel).ConfigureAwait(false);
                await process.WaitForExitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0)
            {
                var message = (await errors.ConfigureAwait(false)).Trim();
                throw new FunctionException(
                    $"example.vumeter cannot record {device}: {recorder} failed (exit {process.ExitCode}): {message}. " +
                    $"Is there a microphone? Set {VuMeterOptions.EnvironmentVariable} to another ALSA device (hw:1,0) or to a sound file");
            }
            return memory.ToArray();
        }
    }
}
