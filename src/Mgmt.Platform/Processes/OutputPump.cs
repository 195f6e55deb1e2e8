using Microsoft.Win32.SafeHandles;
using System.Text;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Processes;

/// <summary>
/// Collects a child's stdout and stderr on a dedicated thread that polls both pipes, so that no thread-pool
/// thread ever blocks on a read. The combined output keeps the order in which the two pipes were read.
/// </summary>
/// <remarks>
/// Reading normally ends at the end of both pipes. A descendant that outlives the command may keep a pipe open
/// forever; so once the command has exited, <see cref="Stop"/> makes the pump take what is already buffered
/// and finish without waiting for the end.
/// </remarks>
internal sealed class OutputPump
{
    /// <summary>The most bytes kept per buffer; a command printing more keeps only the first part.</summary>
    public const int CaptureLimit = 8 * 1024 * 1024;

    private readonly SafePipeHandle _stdout;
    private readonly SafePipeHandle _stderr;
    private readonly bool _capture;
    private readonly Action<string>? _onLine;
    private readonly int _wakeFd;
    private readonly Lock _wakeLock = new();
    private bool _wakeClosed; // guarded by _wakeLock: the pump closes the eventfd when it ends, maybe before Stop
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MemoryStream _out = new();
    private readonly MemoryStream _err = new();
    private readonly MemoryStream _all = new();
    private readonly List<byte>[] _partialLines = [[], []];

    public OutputPump(SafePipeHandle stdout, SafePipeHandle stderr, bool capture, Action<string>? onLine)
    {
        _stdout = stdout;
        _stderr = stderr;
        _capture = capture;
        _onLine = onLine;
        _wakeFd = LibC.eventfd(0, 0x80000); // EFD_CLOEXEC
        if (_wakeFd < 0) throw PosixException.Last("eventfd", null);
        var thread = new Thread(Run) { IsBackground = true, Name = "process output" };
        thread.Start();
    }

    /// <summary>Completes when both pipes are read to their end, or drained after <see cref="Stop"/>.</summary>
    public Task Completion => _done.Task;

    public bool WroteStdout { get; private set; }
    public bool WroteStderr { get; private set; }

    public string Stdout => Text(_out);
    public string Stderr => Text(_err);
    public string Output => Text(_all);

    /// <summary>The command has exited: finish once what is buffered has been read.</summary>
    public unsafe void Stop()
    {
        // Once the pump has ended (both pipes read to their end) its eventfd is closed, and the number may already
        // belong to another file: another pump's eventfd, which a stray write would stop before its command wrote
        // anything. So Stop writes only while the eventfd is still open.
        lock (_wakeLock)
        {
            if (_wakeClosed) return;
            ulong one = 1;
            LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
        }
    }

    private static string Text(MemoryStream s) => Encoding.UTF8.GetString(s.GetBuffer(), 0, (int)s.Length);

    private unsafe void Run()
    {
        var refOut = false;
        var refErr = false;
        try
        {
            _stdout.DangerousAddRef(ref refOut);
            _stderr.DangerousAddRef(ref refErr);
            var fds = stackalloc LibC.PollFd[3];
            int[] pipes = [(int)_stdout.DangerousGetHandle(), (int)_stderr.DangerousGetHandle()];
            var open = new[] { true, true };
            var buffer = new byte[64 * 1024];
            var stopping = false;
            while (open[0] || open[1])
            {
                var count = 0;
                var slot = new int[2];
                for (var i = 0; i < 2; i++)
                {
                    if (!open[i]) continue;
                    slot[i] = count;
                    fds[count++] = new LibC.PollFd { Fd = pipes[i], Events = LibC.PollIn };
                }
                var wakeSlot = -1;
                if (!stopping)
                {
                    wakeSlot = count;
                    fds[count++] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.PollIn };
                }
                var rc = LibC.poll(fds, (nuint)count, stopping ? 0 : -1);
                if (rc < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EIntr) continue;
                    break;
                }
                if (rc == 0) break; // stopping, and nothing more is buffered
                if (wakeSlot >= 0 && fds[wakeSlot].Revents != 0) stopping = true;
                for (var i = 0; i < 2; i++)
                {
                    if (!open[i] || fds[slot[i]].Revents == 0) continue;
                    nint n;
                    fixed (byte* p = buffer) n = LibC.read(pipes[i], p, buffer.Length);
                    if (n > 0) Append(i, buffer.AsSpan(0, (int)n));
                    else if (n == 0 || System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is not (LibC.EIntr or LibC.EAgain))
                    {
                        open[i] = false;
                        FlushLine(i);
                    }
                }
            }
            FlushLine(0);
            FlushLine(1);
            _done.TrySetResult();
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
        }
        finally
        {
            if (refOut) _stdout.DangerousRelease();
            if (refErr) _stderr.DangerousRelease();
            lock (_wakeLock)
            {
                _wakeClosed = true;
                LibC.close(_wakeFd);
            }
        }
    }

    private void Append(int stream, ReadOnlySpan<byte> data)
    {
        if (stream == 0) WroteStdout = true;
        else WroteStderr = true;
        if (_capture)
        {
            Keep(stream == 0 ? _out : _err, data);
            Keep(_all, data);
        }
        if (_onLine is null) return;
        var partial = _partialLines[stream];
        foreach (var b in data)
        {
            if (b != (byte)'\n')
            {
                partial.Add(b);
                continue;
            }
            FlushLine(stream);
        }
    }

    private void FlushLine(int stream)
    {
        var partial = _partialLines[stream];
        if (_onLine is null || partial.Count == 0) return;
        var line = Encoding.UTF8.GetString(partial.ToArray()).TrimEnd('\r');
        partial.Clear();
        _onLine(line);
    }

    private static void Keep(MemoryStream into, ReadOnlySpan<byte> data)
    {
        var room = CaptureLimit - (int)into.Length;
        if (room > 0) into.Write(data[..Math.Min(room, data.Length)]);
    }
}
