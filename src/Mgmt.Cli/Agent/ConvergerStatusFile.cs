using System.Text;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Agent;

/// <summary>
/// <c>--converger-status-file</c>: appends <c>true</c> or <c>false</c>, one per line, each time the converged
/// state changes. Each line is one small append, so a reader never sees a partial line.
/// </summary>
internal sealed partial class ConvergerStatusFile(string path, ILogger logger)
{
    private readonly Lock _lock = new();
    private bool _warned;

    public void Append(bool converged)
    {
        var line = Encoding.ASCII.GetBytes(converged ? "true\n" : "false\n");
        lock (_lock)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(line);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (_warned) return;
                _warned = true;
                Log.CannotWrite(logger, path, e.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "cannot write the converger status file {Path}: {Reason}")]
        public static partial void CannotWrite(ILogger logger, string path, string reason);
    }
}
