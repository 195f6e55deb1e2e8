namespace Mgmt.World.Etcd;

/// <summary>The last lines etcd printed, quoted in error messages when it fails to start.</summary>
internal sealed class EtcdOutputTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public string Text()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "  (nothing)" : string.Join('\n', _lines.TakeLast(12).Select(l => "  " + l));
        }
    }

    public string LastLine()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "" : _lines.Last();
        }
    }
}
