using Mgmt.Engine.Values;

namespace Mgmt.Engine.Resources;

/// <summary>
/// A host-local key/value store shared by resources and language functions: the <c>value</c> resource writes
/// here and the <c>value.get*</c> functions watch it. Thread-safe.
/// </summary>
public sealed class LocalValues
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);

    /// <summary>Raised after a key's value changes (or is removed), with the key.</summary>
    public event Action<string>? Changed;

    public bool TryGet(string key, out Value value)
    {
        lock (_lock) return _values.TryGetValue(key, out value!);
    }

    public void Set(string key, Value value)
    {
        lock (_lock)
        {
            if (_values.TryGetValue(key, out var old) && old.Equals(value)) return;
            _values[key] = value;
        }
        Changed?.Invoke(key);
    }

    public void Remove(string key)
    {
        lock (_lock)
        {
            if (!_values.Remove(key)) return;
        }
        Changed?.Invoke(key);
    }
}
