using System.Net.Sockets;
using System.Text;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class MsgResourceTests
{
    [Fact]
    public async Task Logs_the_body_once_and_again_after_a_refresh()
    {
        await using var h = new Harness<MsgResource>(new MsgResource { Name = "m", Body = "disk almost full", Priority = "Warning" });
        await h.StartAsync();

        Assert.False(await h.CheckApplyAsync());
        Assert.Contains((LogLevel.Warning, "Body: disk almost full"), h.Context.Log.Lines);
        Assert.True(await h.CheckApplyAsync());

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(2, h.Context.Log.Texts.Count(t => t == "Body: disk almost full"));
    }

    [Fact]
    public async Task Writes_a_journal_entry_with_fields_through_the_journal_socket()
    {
        using var journal = new DatagramListener();
        var msg = new MsgResource
        {
            Name = "m", Body = "line one\nline two", Priority = "Err", Journal = true,
            Fields = new Dictionary<string, string> { ["UNIT_TEST"] = "yes" },
            JournalSocketPath = journal.Path,
        };
        await using var h = new Harness<MsgResource>(msg);
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());

        var payload = await journal.ReceiveAsync();
        var text = Encoding.UTF8.GetString(payload);
        Assert.Contains("PRIORITY=3\n", text, StringComparison.Ordinal);
        Assert.Contains("UNIT_TEST=yes\n", text, StringComparison.Ordinal);
        // A value with a newline uses the length-prefixed form: the name, a newline, 8 bytes of length.
        Assert.Contains("MESSAGE\n", text, StringComparison.Ordinal);
        Assert.Contains("line one\nline two", text, StringComparison.Ordinal);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Writes_a_syslog_line_with_the_priority()
    {
        using var syslog = new DatagramListener();
        var msg = new MsgResource { Name = "m", Body = "hello", Priority = "Info", Syslog = true, SyslogSocketPath = syslog.Path };
        await using var h = new Harness<MsgResource>(msg);
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());
        var line = Encoding.UTF8.GetString(await syslog.ReceiveAsync());
        Assert.StartsWith("<14>mgmt[", line, StringComparison.Ordinal);
        Assert.EndsWith("]: hello", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_journal_is_a_clear_error_and_the_write_is_retried_next_time()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-journal-{Guid.NewGuid():N}.sock");
        var msg = new MsgResource { Name = "m", Body = "x", Journal = true, JournalSocketPath = missing };
        await using var h = new Harness<MsgResource>(msg);
        await h.StartAsync();
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains("journal", e.Message, StringComparison.Ordinal);
        Assert.Contains("journal: false", e.Message, StringComparison.Ordinal);

        using var journal = new DatagramListener(missing);
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("MESSAGE=x\n", Encoding.UTF8.GetString(await journal.ReceiveAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Noop_mode_only_logs()
    {
        using var journal = new DatagramListener();
        var msg = new MsgResource { Name = "m", Body = "b", Journal = true, JournalSocketPath = journal.Path };
        await using var h = new Harness<MsgResource>(msg);
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Contains("Body: b", h.Context.Log.Texts);
        Assert.False(journal.HasPending());
    }

    [Theory]
    [InlineData("Loud", "priority 'Loud'")]
    [InlineData("notice", "priority 'notice'")]
    public void Unknown_priorities_are_refused(string priority, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new MsgResource { Name = "m", Priority = priority }.Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("Emerg, Alert", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_PRIVATE")]
    [InlineData("has space")]
    [InlineData("")]
    public void Bad_field_names_are_refused(string field)
    {
        var msg = new MsgResource { Name = "m", Fields = new Dictionary<string, string> { [field] = "v" } };
        Assert.Throws<ResourceValidationException>(msg.Validate);
    }

    [Fact]
    public void The_default_priority_is_valid()
    {
        new MsgResource { Name = "m", Body = "b" }.Validate();
        new MsgResource { Name = "m", Priority = "Debug", Fields = new Dictionary<string, string> { ["CODE_LINE"] = "1" } }.Validate();
    }

    /// <summary>A Unix datagram socket standing in for journald or syslog.</summary>
    private sealed class DatagramListener : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

        public DatagramListener(string? path = null)
        {
            Path = path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mgmt-test-{Guid.NewGuid():N}.sock");
            _socket.Bind(new UnixDomainSocketEndPoint(Path));
        }

        public string Path { get; }

        public async Task<byte[]> ReceiveAsync()
        {
            var buffer = new byte[65536];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..n];
        }

        public bool HasPending() => _socket.Available > 0;

        public void Dispose()
        {
            _socket.Dispose();
            File.Delete(Path);
        }
    }
}
