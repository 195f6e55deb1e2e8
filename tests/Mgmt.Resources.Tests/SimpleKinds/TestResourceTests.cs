using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class TestResourceTests
{
    private static readonly ResourceDescriptor Descriptor = ResourceDescriptor.Of(typeof(TestResource));

    [Fact]
    public void Has_every_parameter_of_the_reference_with_its_go_field_name_and_mcl_type()
    {
        var expected = new Dictionary<string, (string Property, string Type)>
        {
            ["bool"] = ("Bool", "bool"), ["str"] = ("Str", "str"),
            ["int"] = ("Int", "int"), ["int8"] = ("Int8", "int"), ["int16"] = ("Int16", "int"), ["int32"] = ("Int32", "int"), ["int64"] = ("Int64", "int"),
            ["uint"] = ("Uint", "int"), ["uint8"] = ("Uint8", "int"), ["uint16"] = ("Uint16", "int"), ["uint32"] = ("Uint32", "int"), ["uint64"] = ("Uint64", "int"),
            ["byte"] = ("Byte", "int"), ["rune"] = ("Rune", "int"), ["float32"] = ("Float32", "float"), ["float64"] = ("Float64", "float"),
            ["complex64"] = ("Complex64", "struct{real float; imag float}"), ["complex128"] = ("Complex128", "struct{real float; imag float}"),
            ["boolptr"] = ("BoolPtr", "bool"), ["stringptr"] = ("StringPtr", "str"), ["int64ptr"] = ("Int64Ptr", "int"),
            ["int8ptr"] = ("Int8Ptr", "int"), ["uint8ptr"] = ("Uint8Ptr", "int"), ["int8ptrptrptr"] = ("Int8PtrPtrPtr", "int"),
            ["slicestring"] = ("SliceString", "[]str"), ["mapintfloat"] = ("MapIntFloat", "map{int: float}"),
            ["mixedstruct"] = ("MixedStruct", "struct{somebool bool; somestr str; someint int; somefloat float}"),
            ["interface"] = ("Interface", "variant"), ["anotherstr"] = ("AnotherStr", "str"), ["func1"] = ("Func1", "func(int) str"),
            ["validatebool"] = ("ValidateBool", "bool"), ["validateerror"] = ("ValidateError", "str"), ["alwaysgroup"] = ("AlwaysGroup", "bool"),
            ["comparefail"] = ("CompareFail", "bool"), ["sendvalue"] = ("SendValue", "str"), ["expectrecv"] = ("ExpectRecv", "[]str"),
            ["onlyshow"] = ("OnlyShow", "[]str"), ["waitforerror"] = ("WaitForError", "bool"), ["comment"] = ("Comment", "str"),
        };
        Assert.Equal(expected.Keys.Order(), Descriptor.Params.Select(p => p.Name).Order());
        foreach (var (name, (property, type)) in expected)
        {
            var p = Descriptor.FindParam(name)!;
            Assert.Equal(property, p.PropertyName);
            Assert.Equal(type, p.Type.ToString());
        }
        Assert.Equal(["answer int", "hello str"], Descriptor.Sends.Select(s => $"{s.Name} {s.Type}").Order());
    }

    [Fact]
    public void Pointer_parameters_tell_unset_from_zero()
    {
        var t = new TestResource { Name = "t" };
        var boolPtr = Descriptor.FindParam("boolptr")!;
        var stringPtr = Descriptor.FindParam("stringptr")!;
        Assert.True(boolPtr.IsOptional);
        Assert.Null(boolPtr.Get(t));
        boolPtr.Set(t, Value.Bool(false));
        Assert.Equal(Value.Bool(false), boolPtr.Get(t));
        Assert.False(boolPtr.IsZero(t));
        stringPtr.Set(t, Value.Str(""));
        Assert.False(stringPtr.IsZero(t));
        Assert.True(Descriptor.FindParam("str")!.IsZero(t));
    }

    [Fact]
    public void Integer_widths_are_enforced()
    {
        var t = new TestResource { Name = "t" };
        Assert.Throws<ParamValueException>(() => Descriptor.FindParam("int8")!.Set(t, Value.Int(128)));
        Assert.Throws<ParamValueException>(() => Descriptor.FindParam("uint8")!.Set(t, Value.Int(-1)));
        Descriptor.FindParam("rune")!.Set(t, Value.Int(0x1F600));
        Assert.Equal(0x1F600, t.Rune);
    }

    [Fact]
    public void The_mixed_struct_prints_with_the_private_field_like_the_reference()
    {
        var t = new TestResource { Name = "t" };
        var p = Descriptor.FindParam("mixedstruct")!;
        var type = (StructType)p.Type;
        p.Set(t, new StructValue(type, [Value.Bool(true), Value.Str("inside struct"), Value.Int(42), Value.Float(3.14)]));
        Assert.Equal("struct{somebool: true; somestr: \"inside struct\"; someint: 42; somefloat: 3.14; somePrivatefield: \"\"}", p.Get(t)!.ToString());
        // Copying keeps it as it is.
        var copy = (TestResource)t.Copy();
        Assert.Equal(p.Get(t), p.Get(copy));
        Assert.True(t.SameAs(copy));
    }

    [Fact]
    public void Validation_fails_on_request()
    {
        Assert.Contains("validatebool", Assert.Throws<ResourceValidationException>(new TestResource { ValidateBool = true }.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("boom", Assert.Throws<ResourceValidationException>(new TestResource { ValidateError = "boom" }.Validate).Message, StringComparison.Ordinal);
        new TestResource().Validate();
    }

    [Fact]
    public void Compare_fail_makes_equal_resources_differ()
    {
        var a = new TestResource { Name = "t", Str = "x" };
        Assert.True(a.SameAs(new TestResource { Name = "t", Str = "x" }));
        Assert.False(a.SameAs(new TestResource { Name = "t", Str = "y" }));
        Assert.False(a.SameAs(new TestResource { Name = "t", Str = "x", CompareFail = true }));
        Assert.False(new TestResource { Name = "t", CompareFail = true }.SameAs(new TestResource { Name = "t" }));
    }

    [Fact]
    public void Groups_only_when_the_parent_asks_for_it()
    {
        Assert.True(new TestResource { AlwaysGroup = true }.CanGroupWith(new TestResource()));
        Assert.False(new TestResource().CanGroupWith(new TestResource { AlwaysGroup = true }));
        Assert.False(new TestResource { AlwaysGroup = true }.CanGroupWith(new NoopResource()));
    }

    [Fact]
    public async Task Sends_hello_and_answer_and_is_always_fine()
    {
        await using var h = new Harness<TestResource>(new TestResource { Name = "t", SendValue = "hi there" });
        await h.StartAsync();
        Assert.True(await h.CheckApplyAsync());
        var sent = Assert.Single(h.Context.Sent);
        Assert.Equal(Value.Str("hi there"), sent["hello"]);
        Assert.Equal(Value.Int(42), sent["answer"]);
    }

    [Fact]
    public async Task Only_show_limits_the_logged_fields()
    {
        await using var h = new Harness<TestResource>(new TestResource { Name = "t", AnotherStr = "wow", OnlyShow = ["AnotherStr"] });
        await h.StartAsync();
        Assert.True(await h.CheckApplyAsync());
        var fields = h.Context.Log.Lines.Where(l => l.Text.Contains(": ", StringComparison.Ordinal)).ToList();
        Assert.Equal([(LogLevel.Information, "AnotherStr: \"wow\"")], fields);
    }

    [Fact]
    public async Task Expect_recv_fails_when_the_number_of_received_values_differs()
    {
        await using var h = new Harness<TestResource>(new TestResource { Name = "t", ExpectRecv = ["anotherstr"] });
        await h.StartAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("expected to receive 1", e.Message, StringComparison.Ordinal);

        h.Context.ReceivedValues["anotherstr"] = new(Value.Str("x"), Changed: true);
        Assert.True(await h.CheckApplyAsync());
        Assert.Contains("received `anotherstr`, changed: True", h.Context.Log.Texts);
    }

    [Fact]
    public async Task Wait_for_error_blocks_until_cancelled_then_fails()
    {
        await using var h = new Harness<TestResource>(new TestResource { Name = "t", WaitForError = true });
        await h.StartAsync();
        using var cancel = new CancellationTokenSource();
        var run = h.Resource.CheckApplyAsync(true, cancel.Token);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted);
        await cancel.CancelAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Contains("waitforerror", e.Message, StringComparison.Ordinal);
    }
}
