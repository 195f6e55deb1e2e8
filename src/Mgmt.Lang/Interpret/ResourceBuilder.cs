using Mgmt.Engine.Exports;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime.Lowering;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Interpret;

/// <summary>Makes one resource of a resource statement: its kind, name, parameters and meta parameters.</summary>
internal sealed class ResourceBuilder(ResourceRegistry registry)
{
    public Resource Build(ResourceInstance instance, string name)
    {
        var kind = KindOf(instance, name);
        var resource = kind.Create();
        resource.Name = name;
        Apply(resource, kind, instance, MetaParams.Default);
        return resource;
    }

    /// <summary>
    /// Makes the resource <paramref name="fromHost"/> exported as <paramref name="data"/>: its parameters and meta
    /// parameters as exported (without <c>Meta:export</c>, so it is not exported again), then the statement's own
    /// fields and meta parameters over them.
    /// </summary>
    public Resource Collect(ResourceInstance instance, string name, string fromHost, string data)
    {
        var statement = instance.Statement;
        var kind = KindOf(instance, name);
        Resource resource;
        try
        {
            resource = ExportCodec.Decode(data, registry);
        }
        catch (FormatException e)
        {
            throw new LangException(Phase.Interpret,
                $"cannot collect {statement.Kind}[{name}] exported by {fromHost}: {e.Message}; the hosts may run different versions of mgmt", statement.Span);
        }
        if (resource.Kind != statement.Kind || resource.Name != name)
        {
            throw new LangException(Phase.Interpret,
                $"cannot collect {statement.Kind}[{name}] exported by {fromHost}: its data describes {resource} instead", statement.Span);
        }
        Apply(resource, kind, instance, resource.Meta with { Export = [] });
        return resource;
    }

    private ResourceDescriptor KindOf(ResourceInstance instance, string name)
    {
        var statement = instance.Statement;
        return registry.Find(statement.Kind) ?? throw new LangException(
            Phase.Interpret, $"cannot make resource {statement.Kind}[{name}]: {UnknownKind.Message(statement.Kind, registry)}",
            statement.Span);
    }

    private static void Apply(Resource resource, ResourceDescriptor kind, ResourceInstance instance, MetaParams meta)
    {
        var statement = instance.Statement;
        foreach (var entry in instance.Entries)
        {
            switch (entry.Entry)
            {
                case ResourceFieldEntry field when Interpreter.ConditionHolds(entry):
                    SetParam(resource, kind, field, Interpreter.Read(entry.Value), statement);
                    break;
                case ResourceMetaEntry m when Interpreter.ConditionHolds(entry):
                    meta = SetMeta(resource, meta, m, Interpreter.Read(entry.Value), statement);
                    break;
            }
        }
        resource.Meta = meta;
    }

    private static void SetParam(Resource resource, ResourceDescriptor kind, ResourceFieldEntry field, Value value, ResourceStmt statement)
    {
        var param = kind.FindParam(field.Field) ?? throw new LangException(
            Phase.Interpret, $"{resource} has no parameter `{field.Field}`", statement.Span);
        try
        {
            param.Set(resource, value);
        }
        catch (ParamValueException e)
        {
            throw new LangException(Phase.Interpret, e.Message, statement.Span);
        }
    }

    private static MetaParams SetMeta(Resource resource, MetaParams meta, ResourceMetaEntry entry, Value value, ResourceStmt statement)
    {
        if (entry.Property != ResourceMetaEntry.WholeStruct) return SetOne(resource, meta, entry.Property, value, statement);
        var fields = value.AsStruct();
        for (var i = 0; i < fields.Type.Fields.Count; i++)
        {
            meta = SetOne(resource, meta, fields.Type.Fields[i].Name, fields.Fields[i], statement);
        }
        return meta;
    }

    private static MetaParams SetOne(Resource resource, MetaParams meta, string name, Value value, ResourceStmt statement)
    {
        var field = MetaParams.FindField(name) ?? throw new LangException(
            Phase.Interpret, $"{resource}: there is no meta parameter `{name}`", statement.Span);
        try
        {
            return field.Set(meta, value);
        }
        catch (Exception e) when (e is OverflowException or InvalidCastException or ArgumentException)
        {
            throw new LangException(Phase.Interpret,
                $"{resource}: Meta:{name} cannot be {value} (out of range for this meta parameter)", statement.Span);
        }
    }
}
