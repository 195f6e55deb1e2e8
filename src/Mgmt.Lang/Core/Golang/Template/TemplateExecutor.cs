using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// Runs a parsed template on mcl data with Go text/template semantics: struct fields are read by their
/// Title-cased names (<c>.Name</c> for field <c>name</c>), map keys by name, and a missing key or field is an
/// error (as with Go's missingkey=error), so typos do not silently print nothing.
/// </summary>
internal sealed class TemplateExecutor
{
    private const int MaxDepth = 1000;
    private const int MaxOutput = 64 << 20;

    private readonly IReadOnlyDictionary<string, ListNode> _templates;
    private readonly TemplateFunctionTable _functions;
    private readonly IFunctionContext _context;
    private readonly StringBuilder _out = new();
    private List<(string Name, object? Value)> _vars = [];
    private int _depth;
    private Node _current;

    private TemplateExecutor(IReadOnlyDictionary<string, ListNode> templates, TemplateFunctionTable functions, IFunctionContext context)
    {
        _templates = templates;
        _functions = functions;
        _context = context;
        _current = templates[TemplateParser.MainName];
    }

    /// <summary>Runs the main template with <paramref name="data"/> as dot; null means no data was given.</summary>
    public static string Execute(
        IReadOnlyDictionary<string, ListNode> templates, TemplateFunctionTable functions, IFunctionContext context, Value? data)
    {
        var executor = new TemplateExecutor(templates, functions, context);
        executor._vars.Add(("$", data));
        try
        {
            executor.Walk(data, templates[TemplateParser.MainName]);
        }
        catch (TemplateException e) when (!e.Message.StartsWith("line ", StringComparison.Ordinal))
        {
            var at = executor._current;
            var source = at.Source.Length > 0 ? $" in {at.Source}" : "";
            throw new TemplateException($"{at.Position}{source}: {e.Message}");
        }
        catch (LoopSignal)
        {
            throw new TemplateException("{{break}} or {{continue}} outside {{range}}");
        }
        return executor._out.ToString();
    }

    private sealed class LoopSignal(bool isBreak) : Exception
    {
        public bool IsBreak { get; } = isBreak;
    }

    private void Walk(object? dot, Node node)
    {
        switch (node)
        {
            case ListNode list:
                foreach (var n in list.Nodes) Walk(dot, n);
                break;
            case TextNode text:
                Write(text.Text);
                break;
            case ActionNode action:
                _current = action;
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Variables.Count == 0) Write(TemplateValues.Print(value));
                break;
            case BranchNode { Keyword: "range" } range:
                Range(dot, range);
                break;
            case BranchNode branch:
                IfOrWith(dot, branch);
                break;
            case BreakNode:
                throw new LoopSignal(isBreak: true);
            case ContinueNode:
                throw new LoopSignal(isBreak: false);
            case TemplateCallNode call:
                CallTemplate(dot, call);
                break;
            default:
                throw new TemplateException($"unexpected node {node.GetType().Name}");
        }
    }

    private void Write(string s)
    {
        if (_out.Length + s.Length > MaxOutput) throw new TemplateException($"the output is larger than {MaxOutput >> 20} MiB");
        _out.Append(s);
    }

    private void IfOrWith(object? dot, BranchNode branch)
    {
        _current = branch;
        var mark = _vars.Count;
        var value = EvalPipeline(dot, branch.Pipe);
        if (TemplateValues.IsTrue(value)) Walk(branch.Keyword == "with" ? value : dot, branch.Body);
        else if (branch.Else is not null) Walk(dot, branch.Else);
        _vars.RemoveRange(mark, _vars.Count - mark);
    }

    private void Range(object? dot, BranchNode range)
    {
        _current = range;
        var mark = _vars.Count;
        var value = EvalCommands(dot, range.Pipe);
        var names = range.Pipe.Variables;
        var items = Items(value, names.Count);
        if (items.Count == 0)
        {
            if (range.Else is not null) Walk(dot, range.Else);
            return;
        }
        foreach (var (key, element) in items)
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
            if (names.Count == 1) Bind(names[0], element, range.Pipe.IsAssign);
            if (names.Count == 2)
            {
                Bind(names[0], key, range.Pipe.IsAssign);
                Bind(names[1], element, range.Pipe.IsAssign);
            }
            try
            {
                Walk(element, range.Body);
            }
            catch (LoopSignal signal)
            {
                if (signal.IsBreak) break;
            }
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
    }

    /// <summary>The (key, element) pairs range visits: lists by index, maps and structs in key order, ints 0..n-1.</summary>
    private static List<(object? Key, object? Element)> Items(object? value, int variables) => value switch
    {
        null or TemplateNil => [],
        ListValue l => [.. l.Items.Select((x, i) => ((object?)Value.Int(i), (object?)x))],
        MapValue m => [.. m.SortedEntries().Select(e => ((object?)e.Key, (object?)e.Value))],
        StructValue s => [.. s.Type.Fields.Select((f, i) => (Name: GoStrings.Title(f.Name), Value: s.Fields[i]))
            .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => ((object?)Value.Str(p.Name), (object?)p.Value))],
        IntValue or NumberLiteral { Int: not null } when variables > 1 => throw new TemplateException("range over an int takes one variable"),
        IntValue n => [.. Count(n.V)],
        NumberLiteral { Int: { } n } => [.. Count(n)],
        _ => throw new TemplateException($"range cannot iterate over {TemplateValues.TypeName(value)}"),
    };

    private static IEnumerable<(object?, object?)> Count(long n)
    {
        for (long i = 0; i < n; i++) yield return (Value.Int(i), Value.Int(i));
    }

    private void CallTemplate(object? dot, TemplateCallNode call)
    {
        _current = call;
        if (!_templates.TryGetValue(call.Name, out var body)) throw new TemplateException($"no template named \"{call.Name}\" is defined");
        if (++_depth > MaxDepth) throw new TemplateException($"templates call each other more than {MaxDepth} levels deep");
        var data = call.Pipe is null ? null : EvalPipeline(dot, call.Pipe);
        var saved = _vars;
        _vars = [("$", data)];
        try
        {
            Walk(data, body);
        }
        finally
        {
            _vars = saved;
            _depth--;
        }
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        var value = EvalCommands(dot, pipe);
        foreach (var name in pipe.Variables) Bind(name, value, pipe.IsAssign);
        return value;
    }

    private object? EvalCommands(object? dot, PipeNode pipe)
    {
        object? value = null;
        var hasFinal = false;
        foreach (var command in pipe.Commands)
        {
            value = EvalCommand(dot, command, hasFinal, value);
            hasFinal = true;
        }
        return value;
    }

    private void Bind(string name, object? value, bool assign)
    {
        if (!assign)
        {
            _vars.Add((name, value));
            return;
        }
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }
        throw new TemplateException($"undefined variable {name}; declare it with {name} := ...");
    }

    private object? Variable(string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name) return _vars[i].Value;
        }
        throw new TemplateException($"undefined variable {name}");
    }

    private object? EvalCommand(object? dot, CommandNode command, bool hasFinal, object? final)
    {
        var first = command.Args[0];
        if (first is IdentifierNode id) return CallFunction(dot, id.Name, command.Args.Skip(1).ToList(), hasFinal, final);
        if (command.Args.Count > 1 || hasFinal)
        {
            throw new TemplateException($"{Describe(first)} is not a function, so it cannot take arguments");
        }
        return EvalArg(dot, first);
    }

    private object? EvalArg(object? dot, Node node) => node switch
    {
        DotNode => dot,
        NilNode => TemplateNil.Instance,
        BoolNode b => Value.Bool(b.Value),
        StringNode s => Value.Str(s.Value),
        NumberNode n => n.Value,
        FieldNode f => Fields(dot, f.Fields),
        VariableNode v => Fields(Variable(v.Name), v.Fields),
        ChainNode c => Fields(EvalArg(dot, c.Term), c.Fields),
        PipeNode p => EvalPipeline(dot, p),
        IdentifierNode id => CallFunction(dot, id.Name, [], false, null),
        _ => throw new TemplateException($"cannot evaluate {node.GetType().Name}"),
    };

    private static string Describe(Node node) => node switch
    {
        FieldNode f => "." + string.Join(".", f.Fields),
        VariableNode v => v.Name + string.Concat(v.Fields.Select(x => "." + x)),
        DotNode => "dot",
        _ => "a value",
    };

    private static object? Fields(object? receiver, IReadOnlyList<string> fields)
    {
        foreach (var field in fields) receiver = Field(receiver, field);
        return receiver;
    }

    private static object? Field(object? receiver, string name)
    {
        switch (receiver)
        {
            case StructValue s:
                for (var i = 0; i < s.Type.Fields.Count; i++)
                {
                    if (GoStrings.Title(s.Type.Fields[i].Name) == name) return s.Fields[i];
                }
                var hint = s.Type.Fields.Count == 0 ? "" : $"; its fields are {string.Join(", ", s.Type.Fields.Select(f => "." + GoStrings.Title(f.Name)))}";
                throw new TemplateException($"the struct has no field .{name}{hint} (struct fields are written with a capital first letter)");
            case MapValue m when m.Type.Key == DataType.Str:
                return m.TryGet(Value.Str(name), out var v) ? v : throw new TemplateException($"the map has no key \"{name}\"");
            case MapValue m:
                throw new TemplateException($"cannot read .{name} of a {m.Type}: its keys are not strings; use index");
            case null:
                throw new TemplateException($"cannot read .{name}: there is no data (pass a value as the second argument of golang.template)");
            default:
                throw new TemplateException($"cannot read .{name} of {TemplateValues.TypeName(receiver)}");
        }
    }

    private object? CallFunction(object? dot, string name, List<Node> argNodes, bool hasFinal, object? final)
    {
        switch (name)
        {
            case "and" or "or":
                return AndOr(dot, name, argNodes, hasFinal, final);
            case "not":
                if (argNodes.Count + (hasFinal ? 1 : 0) != 1) throw new TemplateException("not takes exactly one argument");
                return Value.Bool(!TemplateValues.IsTrue(hasFinal ? final : EvalArg(dot, argNodes[0])));
        }
        var args = argNodes.Select(a => EvalArg(dot, a)).ToList();
        if (hasFinal) args.Add(final);
        if (TemplateBuiltins.Names.Contains(name)) return TemplateBuiltins.Call(name, args);
        if (_functions.TryGet(name, out _, out _)) return _functions.Call(name, args, _context);
        throw new TemplateException($"function \"{name}\" is not defined; library functions are named like datetime_print or golang_strings_join");
    }

    /// <summary>and/or stop at the first argument that decides the result and return that argument, as in Go.</summary>
    private object? AndOr(object? dot, string name, List<Node> argNodes, bool hasFinal, object? final)
    {
        var count = argNodes.Count + (hasFinal ? 1 : 0);
        if (count == 0) throw new TemplateException($"{name} needs at least one argument");
        object? value = null;
        for (var i = 0; i < count; i++)
        {
            value = i < argNodes.Count ? EvalArg(dot, argNodes[i]) : final;
            if (TemplateValues.IsTrue(value) == (name == "or")) return value;
        }
        return value;
    }
}
