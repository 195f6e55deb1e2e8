namespace Mgmt.World.Core;

/// <summary>Equality of watch states, so that a watch yields only when the state really changed.</summary>
internal static class SnapshotComparers
{
    public static readonly IEqualityComparer<IReadOnlyDictionary<string, string>> Map = new MapComparer();

    public static IEqualityComparer<IReadOnlyList<T>> List<T>() => ListComparer<T>.Instance;

    private sealed class MapComparer : IEqualityComparer<IReadOnlyDictionary<string, string>>
    {
        public bool Equals(IReadOnlyDictionary<string, string>? x, IReadOnlyDictionary<string, string>? y) =>
            ReferenceEquals(x, y)
            || (x is not null && y is not null && x.Count == y.Count
                && x.All(pair => y.TryGetValue(pair.Key, out var other) && other == pair.Value));

        public int GetHashCode(IReadOnlyDictionary<string, string> obj) => obj.Count;
    }

    private sealed class ListComparer<T> : IEqualityComparer<IReadOnlyList<T>>
    {
        public static readonly ListComparer<T> Instance = new();

        public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y));

        public int GetHashCode(IReadOnlyList<T> obj) => obj.Count;
    }
}
