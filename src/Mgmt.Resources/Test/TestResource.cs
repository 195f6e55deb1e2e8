using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>test</c>: a harmless resource for testing the language and the engine. It has a parameter of every kind
/// of type, switches that make it fail validation, group or compare unequal on purpose, and it sends
/// <c>hello</c> (its <see cref="SendValue"/>) and <c>answer</c> (42) after each check. Its state is always right.
/// </summary>
[ResourceKind("test")]
[Sends("hello", "str")]
[Sends("answer", "int")]
public sealed partial class TestResource : Resource, IRefreshable, ISendable, IReceivable, IGroupable
{
    /// <summary>The value sent under the key <c>answer</c>.</summary>
    public const long Answer = 42;

    // The data parameters CheckApply logs (the reference's list), in its order.
    private static readonly string[] ShownFields =
    [
        "Bool", "Str", "Int", "Int8", "Int16", "Int32", "Int64", "Uint", "Uint8", "Uint16", "Uint32", "Uint64",
        "Byte", "Rune", "Float32", "Float64", "Complex64", "Complex128", "BoolPtr", "StringPtr", "Int64Ptr",
        "Int8Ptr", "Uint8Ptr", "Int8PtrPtrPtr", "SliceString", "MapIntFloat", "MixedStruct", "Interface",
        "AnotherStr", "Func1",
    ];

    public override void Validate()
    {
        if (ValidateBool) throw new ResourceValidationException("validatebool is true, which always fails validation");
        if (ValidateError.Length > 0) throw new ResourceValidationException($"validateerror is set: {ValidateError}");
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var received = Context.Received;
        foreach (var (key, value) in received) TestLog.Received(Context.Logger, key, value.Changed);
        if (Context.Refresh) TestLog.Refreshed(Context.Logger);

        if (ExpectRecv is { } expected && expected.Count != received.Count)
        {
            throw new InvalidOperationException(
                $"expected to receive {expected.Count} value(s) ({string.Join(", ", expected)}), " +
                $"got {received.Count} ({string.Join(", ", received.Keys.Order(StringComparer.Ordinal))})");
        }

        // Every field is logged at debug level; the ones named in onlyshow were asked for, so they are info.
        var level = OnlyShow is { Count: > 0 } ? LogLevel.Information : LogLevel.Debug;
        foreach (var field in ShownFields)
        {
            if (OnlyShow is { Count: > 0 } only && !only.Contains(field)) continue;
            var param = Descriptor.Params.First(p => p.PropertyName == field);
            TestLog.Field(Context.Logger, level, field, param.Get(this)?.ToString() ?? "<unset>");
        }

        if (WaitForError)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            throw new InvalidOperationException("waitforerror is true: the check waited until it was cancelled");
        }

        Context.Send(new Dictionary<string, Value> { ["hello"] = Value.Str(SendValue), ["answer"] = Value.Int(Answer) });
        return true;
    }

    /// <summary>Equal when every parameter is, unless either side has <see cref="CompareFail"/>.</summary>
    public override bool SameAs(Resource other) =>
        other is TestResource t && !CompareFail && !t.CompareFail && base.SameAs(other);

    public bool CanGroupWith(Resource other) => other is TestResource && AlwaysGroup;
}

internal static partial class TestLog
{
    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "received `{Key}`, changed: {Changed}")]
    public static partial void Received(ILogger logger, string key, bool changed);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "received a refresh notification")]
    public static partial void Refreshed(ILogger logger);

    [LoggerMessage(EventId = 4503, Message = "{Field}: {Value}")]
    public static partial void Field(ILogger logger, LogLevel level, string field, string value);
}
