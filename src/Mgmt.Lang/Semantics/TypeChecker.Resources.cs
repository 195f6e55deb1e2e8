using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

internal sealed partial class TypeChecker
{
    /// <summary>A resource or edge name whose type must end up as one of the name types; checked after solving.</summary>
    private sealed record NameUse(DataType Type, SourceSpan Blame, bool Collect);

    /// <summary>The element type of the names a <c>collect</c> statement may take.</summary>
    private static readonly StructType CollectName = new([new StructField("name", DataType.Str), new StructField("host", DataType.Str)]);

    private readonly List<NameUse> _names = [];

    /// <summary>
    /// A resource: each parameter value must have the parameter's type, each meta parameter its type, each
    /// condition (<c>cond ?: value</c>) must be a bool, and the name a str or a []str. As in the reference, a kind
    /// that is not registered is a type error as soon as the resource sets a parameter (it cannot be typed); a
    /// resource of an unknown kind with no parameters is only reported when the program is interpreted.
    /// </summary>
    private void TypeResource(ResourceStmt r)
    {
        var descriptor = resources.Find(r.Kind);
        var name = InferName(r.Name, r.Span, r.IsCollect);
        foreach (var entry in r.Entries)
        {
            switch (entry)
            {
                case ResourceFieldEntry f:
                    {
                        var value = Infer(f.Value);
                        TypeCondition(f);
                        // The parameter cannot be typed, but the mistake is the kind: say so there.
                        if (descriptor is null) throw UnknownKind.Error(Phase.Unify, r, resources);
                        var param = descriptor.FindParam(f.Field) ?? throw new LangException(Phase.Unify,
                            $"`{r.Kind}` resources have no parameter `{f.Field}`; their parameters are: " +
                            string.Join(", ", descriptor.Params.Select(p => p.Name).Order(StringComparer.Ordinal)), f.Span);
                        if (param.Type == DataType.Variant) break; // the parameter takes any value
                        Require(param.Type, value, f.Span,
                            m => $"type error: parameter `{f.Field}` of `{r.Kind}` resources is of type {param.Type}, but this value is {Show(value)}");
                        break;
                    }
                case ResourceMetaEntry m:
                    {
                        var value = Infer(m.Value);
                        TypeCondition(m);
                        var expected = m.Property == ResourceMetaEntry.WholeStruct
                            ? MetaParams.StructType
                            : MetaParams.FindField(m.Property)?.Type ?? throw new LangException(Phase.Unify,
                                $"`Meta:{m.Property}` is not a meta parameter", m.Span);
                        var what = m.Property == ResourceMetaEntry.WholeStruct ? "`Meta` (all meta parameters)" : $"`Meta:{m.Property}`";
                        Require(expected, value, m.Span,
                            x => $"type error: {what} is of type {expected}, but this value is {Show(value)}");
                        break;
                    }
                case ResourceEdgeEntry e:
                    TypeEdgeHalf(e.Target);
                    TypeCondition(e);
                    break;
            }
        }
        name();
    }

    private void TypeCondition(ResourceEntry entry)
    {
        if (entry.Condition is null) return;
        var condition = Infer(entry.Condition);
        Require(DataType.Bool, condition, entry.Span,
            m => $"type error: the condition before `?:` must be a bool, but it is {Show(condition)}");
    }

    /// <summary>
    /// Infers a resource name and returns the step that constrains it (run after the entries, as the reference
    /// does). A string literal or an interpolated string is a str; a list literal is a []str (outside collect); anything else is
    /// checked once solved, and taken as a []str if nothing else decides.
    /// </summary>
    private Action InferName(Expr name, SourceSpan blame, bool collect)
    {
        if (name is VarExpr v && InterpolatedVariables.IsInterpolated(v)) _interpolationHandled.Add(v);
        var type = Infer(name);
        return name switch
        {
            VarExpr w when InterpolatedVariables.IsInterpolated(w) => () => Require(DataType.Str, type, blame,
                _ => $"type error: a name written as a string is a str, but `${w.Name}` inside it is {Show(type)}; " +
                     $"write `${w.Name}` without quotes to use its value as the name"),
            StrExpr or CallExpr { Sugar: CallSugar.Interpolation } => () => { },
            // A collect statement may also list name and host structs, so its list is checked once solved.
            ListExpr when !collect => () => Require(DataType.List(DataType.Str), type, blame, NameMismatch(type)),
            _ => () => _names.Add(new NameUse(type, blame, collect)),
        };
    }

    private Func<TypeMismatch, string> NameMismatch(DataType type) =>
        m => $"type error: a resource name must be a str or a []str, but this one is {Show(type)}; {m.Describe()}";

    /// <summary>
    /// An edge: at least two halves; for send/recv (<c>A["a"].key -> B["b"].param</c>) the sender must publish the
    /// key, the receiver must accept values for the parameter, and their types must be equal.
    /// </summary>
    private void TypeEdge(EdgeStmt e)
    {
        if (e.Halves.Count < 2)
        {
            throw new LangException(Phase.Unify,
                "an edge needs at least two resources, as in `File[\"a\"] -> Exec[\"b\"]`; this one has a single half", e.Span);
        }
        if (e.Halves.Any(h => h.SendRecv is not null)) CheckSendRecv(e);
        foreach (var half in e.Halves) TypeEdgeHalf(half);
    }

    private void TypeEdgeHalf(EdgeHalf half) => InferName(half.Name, half.Span, collect: false)();

    private void CheckSendRecv(EdgeStmt e)
    {
        if (!e.IsSendRecv)
        {
            throw new LangException(Phase.Unify,
                "send/recv edges link exactly two resources and name a key on both sides, as in `Test[\"a\"].hello -> Print[\"b\"].msg`",
                e.Span);
        }
        var (from, to) = (e.Halves[0], e.Halves[1]);
        var sender = Kind(from, e);
        var receiver = Kind(to, e);
        if (!typeof(ISendable).IsAssignableFrom(sender.ClrType))
        {
            throw new LangException(Phase.Unify, $"cannot send from `{from.Kind}` resources: that kind publishes no values", e.Span);
        }
        if (!typeof(IReceivable).IsAssignableFrom(receiver.ClrType))
        {
            throw new LangException(Phase.Unify, $"cannot receive into `{to.Kind}` resources: that kind accepts no sent values", e.Span);
        }
        var sent = sender.Sends.FirstOrDefault(s => s.Name == from.SendRecv) ?? throw new LangException(Phase.Unify,
            $"cannot send `{from.SendRecv}` from `{from.Kind}` resources: they send " +
            (sender.Sends.Count == 0 ? "nothing" : string.Join(", ", sender.Sends.Select(s => $"`{s.Name}` ({s.Type})"))), e.Span);
        var param = receiver.FindParam(to.SendRecv!) ?? throw new LangException(Phase.Unify,
            $"cannot receive into `{to.SendRecv}`: `{to.Kind}` resources have no such parameter", e.Span);
        // A variant on either side (such as the `any` value of a `value` resource) is only known when the program runs.
        if (param.Type != DataType.Variant && sent.Type != DataType.Variant && param.Type != sent.Type)
        {
            throw new LangException(Phase.Unify,
                $"cannot send `{from.Kind}.{from.SendRecv}` to `{to.Kind}.{to.SendRecv}`: the value sent is of type {sent.Type}, " +
                $"but the parameter is of type {param.Type}", e.Span);
        }
    }

    private ResourceDescriptor Kind(EdgeHalf half, EdgeStmt edge) => resources.Find(half.Kind) ?? throw new LangException(Phase.Unify,
        $"{UnknownKind.Message(half.Kind, resources)}, so its values cannot be sent or received", edge.Span);
}
