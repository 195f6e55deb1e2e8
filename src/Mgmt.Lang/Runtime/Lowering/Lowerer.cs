using System.Runtime.CompilerServices;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// Turns a checked program into function-graph nodes: the static part when the runtime is created, and the
/// dynamic parts (branches, loop iterations, called function bodies, fallbacks) whenever a dynamic node asks.
/// Each expression is lowered once per frame; every use of a bound variable shares the node of its expression.
/// </summary>
internal sealed partial class Lowerer(
    CheckedProgram program, FunctionGraph graph, string hostname, Func<string, IFunctionContext>? contextFor = null)
{
    // Which block binds each bound expression (bind values and class arguments), learnt as frames are made.
    // Expressions from imported modules are never registered: modules are global, so they live in the root.
    private readonly Dictionary<Expr, ProgramStmt> _ownerOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ProgramStmt, List<ProgramFrame>> _frames = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<(ProgramFrame, Expr)> _inProgress = [];
    private ProgramFrame? _root;

    public CheckedProgram Program { get; } = program;

    public FunctionGraph Graph { get; } = graph;

    /// <summary>How many block instances exist now.</summary>
    public int FrameCount => _frames.Values.Sum(f => f.Count);

    public ProgramFrame Root => _root ?? throw new InvalidOperationException("internal error: the program was not lowered");

    /// <summary>Lowers the program's own statements (not the dynamic parts, which wait for values).</summary>
    public ProgramFrame LowerRoot()
    {
        _root = CreateProgramFrame(Program.Main, null, Graph.Root);
        LowerStatements(_root);
        return _root;
    }

    /// <summary>
    /// A frame for <paramref name="block"/> and, at once, for every class it includes, so that references into
    /// included classes (<c>$alias.x</c>) find their frame whatever the statement order.
    /// </summary>
    public ProgramFrame CreateProgramFrame(
        ProgramStmt block, Frame? parent, GraphScope scope, Stmt? loop = null, GraphNode? key = null, GraphNode? value = null)
    {
        var frame = new ProgramFrame(block, parent, scope) { Loop = loop, LoopKey = key, LoopValue = value };
        foreach (var statement in block.Statements)
        {
            switch (statement)
            {
                case BindStmt bind:
                    _ownerOf[bind.Value] = block;
                    break;
                case IncludeStmt { Args: { } args }:
                    foreach (var arg in args) _ownerOf[arg] = block;
                    break;
            }
        }
        if (!_frames.TryGetValue(block, out var list)) _frames[block] = list = [];
        list.Add(frame);
        scope.OnDetach(() =>
        {
            list.Remove(frame);
            if (list.Count == 0) _frames.Remove(block);
        });
        foreach (var include in block.Statements.OfType<IncludeStmt>())
        {
            frame.Includes[include] = CreateProgramFrame(Program.InstanceOf(include).Body, frame, scope);
        }
        return frame;
    }

    /// <summary>The node a variable reference stands for, seen from <paramref name="frame"/>.</summary>
    public GraphNode Resolve(Binding binding, Frame frame, SourceSpan at) => binding switch
    {
        ExprBinding b => ResolveBound(b.Value, frame),
        ParamBinding p => FindCallFrame(p.Function, frame) is { } call && p.Index < call.Args.Count
            ? call.Args[p.Index]
            : throw Internal($"parameter {p.Index} of {p.Function} is not in scope", at),
        LoopBinding l => FindLoopFrame(l.Loop, frame, at) is var f && (l.IsKey ? f.LoopKey : f.LoopValue) is { } n
            ? n
            : throw Internal("loop variable is not in scope", at),
        ConstantBinding c => Graph.Add(new ConstantNode(c.Value, at), frame.Scope),
        HostnameBinding => Graph.Add(new ConstantNode(Value.Str(hostname), at), frame.Scope),
        _ => throw Internal($"unknown binding {binding}", at),
    };

    /// <summary>Builds a lambda's body for one call.</summary>
    public GraphNode InstantiateLambda(FuncExpr function, Frame captured, IReadOnlyList<GraphNode> args, GraphScope scope)
    {
        var frame = new CallFrame(function, args, captured, scope);
        return Lower(function.Body, frame, scope);
    }

    private GraphNode ResolveBound(Expr bound, Frame from)
    {
        var target = _ownerOf.TryGetValue(bound, out var block) ? FindProgramFrame(block, from, bound.Span) : Root;
        if (target.Bound.TryGetValue(bound, out var node)) return node;
        if (!_inProgress.Add((target, bound))) throw Internal("a variable depends on itself", bound.Span);
        try
        {
            node = Lower(bound, target, target.Scope);
        }
        finally
        {
            _inProgress.Remove((target, bound));
        }
        target.Bound[bound] = node;
        return node;
    }

    /// <summary>
    /// The frame of <paramref name="block"/> that <paramref name="from"/> sees: one of its lexical ancestors, or
    /// else the instance (of a class included beside it) whose lexical chain meets <paramref name="from"/>'s
    /// nearest.
    /// </summary>
    private ProgramFrame FindProgramFrame(ProgramStmt block, Frame from, SourceSpan at)
    {
        for (var f = from; f is not null; f = f.Parent)
        {
            if (f is ProgramFrame pf && ReferenceEquals(pf.Program, block)) return pf;
        }
        if (!_frames.TryGetValue(block, out var candidates) || candidates.Count == 0)
        {
            throw Internal("a variable refers to a block that has no instance", at);
        }
        if (candidates.Count == 1) return candidates[0];
        var depth = new Dictionary<Frame, int>(ReferenceEqualityComparer.Instance);
        var d = 0;
        for (var f = from; f is not null; f = f.Parent) depth[f] = d++;
        ProgramFrame? best = null;
        var bestDepth = int.MaxValue;
        foreach (var candidate in candidates)
        {
            for (var g = candidate.Parent; g is not null; g = g.Parent)
            {
                if (!depth.TryGetValue(g, out var gd)) continue;
                if (gd < bestDepth)
                {
                    best = candidate;
                    bestDepth = gd;
                }
                break;
            }
        }
        return best ?? candidates[0];
    }

    private static CallFrame? FindCallFrame(FuncExpr function, Frame from)
    {
        for (var f = from; f is not null; f = f.Parent)
        {
            if (f is CallFrame c && ReferenceEquals(c.Function, function)) return c;
        }
        return null;
    }

    private static ProgramFrame FindLoopFrame(Stmt loop, Frame from, SourceSpan at)
    {
        for (var f = from; f is not null; f = f.Parent)
        {
            if (f is ProgramFrame p && ReferenceEquals(p.Loop, loop)) return p;
        }
        throw Internal("loop variable used outside its loop", at);
    }

    /// <summary>Guards the recursive lowering against programs nested deeper than the stack allows.</summary>
    private static void EnsureStack(Node node)
    {
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            throw new FunctionGraphException(
                "the program nests expressions or function calls too deeply to be built; split it into smaller pieces", node.Span);
        }
    }

    private static FunctionGraphException Internal(string what, SourceSpan at) =>
        new($"internal error while building the function graph: {what}", at);
}
