using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Resources;

// The parameters of the test resource: one per kind of Go field the reference's test resource has, with the
// reference's Go field names (printed in the conformance suite's Field: lines) and mcl names.
public sealed partial class TestResource
{
    /// <summary>The mcl type of <see cref="MixedStruct"/>.</summary>
    public const string MixedStructType = "struct{somebool bool; somestr str; someint int; somefloat float}";

    /// <summary>How complex numbers are spelled: mcl has no complex type, so a struct of two floats.</summary>
    public const string ComplexType = "struct{real float; imag float}";

    private static readonly StructType MixedStructStoredType = new(
    [
        new StructField("somebool", DataType.Bool), new StructField("somestr", DataType.Str),
        new StructField("someint", DataType.Int), new StructField("somefloat", DataType.Float),
        new StructField("somePrivatefield", DataType.Str),
    ]);

    private Value? _mixedStruct;

    [Param("bool")] public bool Bool { get; set; }
    [Param("str")] public string Str { get; set; } = "";

    [Param("int")] public long Int { get; set; }
    [Param("int8")] public sbyte Int8 { get; set; }
    [Param("int16")] public short Int16 { get; set; }
    [Param("int32")] public int Int32 { get; set; }
    [Param("int64")] public long Int64 { get; set; }

    [Param("uint")] public ulong Uint { get; set; }
    [Param("uint8")] public byte Uint8 { get; set; }
    [Param("uint16")] public ushort Uint16 { get; set; }
    [Param("uint32")] public uint Uint32 { get; set; }
    [Param("uint64")] public ulong Uint64 { get; set; }

    /// <summary>Go's byte: an unsigned 8-bit integer.</summary>
    [Param("byte")] public byte Byte { get; set; }

    /// <summary>Go's rune: a signed 32-bit integer (a Unicode code point).</summary>
    [Param("rune")] public int Rune { get; set; }

    [Param("float32")] public float Float32 { get; set; }
    [Param("float64")] public double Float64 { get; set; }

    /// <summary>A complex number as <c>struct{real float; imag float}</c>; unset is zero.</summary>
    [Param("complex64", Type = ComplexType)] public Value? Complex64 { get; set; }

    /// <summary>A complex number as <c>struct{real float; imag float}</c>; unset is zero.</summary>
    [Param("complex128", Type = ComplexType)] public Value? Complex128 { get; set; }

    // Pointers in Go: unset (null) is distinct from the zero value.
    [Param("boolptr")] public bool? BoolPtr { get; set; }
    [Param("stringptr", Type = "str")] public Value? StringPtr { get; set; }
    [Param("int64ptr")] public long? Int64Ptr { get; set; }
    [Param("int8ptr")] public sbyte? Int8Ptr { get; set; }
    [Param("uint8ptr")] public byte? Uint8Ptr { get; set; }

    /// <summary>A pointer to a pointer to a pointer in Go; for us simply an optional int8.</summary>
    [Param("int8ptrptrptr")] public sbyte? Int8PtrPtrPtr { get; set; }

    [Param("slicestring")] public IReadOnlyList<string>? SliceString { get; set; }
    [Param("mapintfloat")] public IReadOnlyDictionary<long, double>? MapIntFloat { get; set; }

    /// <summary>
    /// A struct of four fields. The reference's struct also has a private string field that shows up (empty)
    /// when the value is printed, so the stored value carries it too: reading the parameter gives the five-field
    /// struct, setting it takes the four-field one.
    /// </summary>
    [Param("mixedstruct", Type = MixedStructType)]
    public Value? MixedStruct
    {
        get => _mixedStruct;
        set => _mixedStruct = value is StructValue s && s.Type.Fields.Count == 4
            ? new StructValue(MixedStructStoredType, [.. s.Fields, Value.Str("")])
            : value;
    }

    /// <summary>Any value (Go's <c>interface{}</c>).</summary>
    [Param("interface", Type = "variant")] public Value? Interface { get; set; }

    [Param("anotherstr")] public string AnotherStr { get; set; } = "";

    /// <summary>A function from int to str (the reference calls it with 42 and logs the result).</summary>
    [Param("func1", Type = "func(int) str")] public Value? Func1 { get; set; }

    /// <summary>When true, Validate fails.</summary>
    [Param("validatebool")] public bool ValidateBool { get; set; }

    /// <summary>When not empty, Validate fails with this text.</summary>
    [Param("validateerror")] public string ValidateError { get; set; } = "";

    /// <summary>When true, this resource accepts every other test resource into its group.</summary>
    [Param("alwaysgroup")] public bool AlwaysGroup { get; set; }

    /// <summary>When true, this resource never compares equal to another (so a graph swap always replaces it).</summary>
    [Param("comparefail")] public bool CompareFail { get; set; }

    /// <summary>The value sent under the key <c>hello</c>.</summary>
    [Param("sendvalue")] public string SendValue { get; set; } = "";

    /// <summary>When set, CheckApply fails unless it received exactly this many values (the keys are listed for the reader).</summary>
    [Param("expectrecv")] public IReadOnlyList<string>? ExpectRecv { get; set; }

    /// <summary>Go field names to log in CheckApply; empty logs them all.</summary>
    [Param("onlyshow")] public IReadOnlyList<string>? OnlyShow { get; set; }

    /// <summary>When true, CheckApply waits until it is cancelled (timeout, interrupt) and then fails.</summary>
    [Param("waitforerror")] public bool WaitForError { get; set; }

    [Param("comment")] public string Comment { get; set; } = "";
}
