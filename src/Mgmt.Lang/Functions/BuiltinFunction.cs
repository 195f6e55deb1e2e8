using Mgmt.Engine.Values;

namespace Mgmt.Lang.Functions;

/// <summary>
/// A function of the standard library, known to the compiler by package and name (<c>fmt.printf</c>, <c>len</c>).
/// </summary>
/// <remarks>
/// Typing happens per call site, in two steps: <see cref="Infer"/> gives the call's type, which may contain fresh
/// unknowns (<see cref="Types.TypeVariable"/>) that unification resolves; then <see cref="Check"/> sees the
/// resolved type and refuses the combinations the function cannot run (<c>len</c> of an int). At run time each call
/// site gets its own node from <see cref="Create"/>.
/// </remarks>
public abstract class BuiltinFunction(string name)
{
    /// <summary>The name within its package (<c>printf</c>).</summary>
    public string Name { get; } = name;

    /// <summary>One sentence for the function reference.</summary>
    public virtual string Description => "";

    /// <summary>
    /// True when the function has no side effects and returns the same value for the same arguments, so it may be
    /// evaluated at compile time when its arguments are known. Streams are never pure.
    /// </summary>
    public virtual bool IsPure => true;

    /// <summary>
    /// The type of one call: parameters and result, possibly with fresh type variables (a new set per call; parse
    /// signatures with <see cref="Types.SignatureParser"/> here, never cache its result). Throw
    /// <see cref="TypeCheckException"/> when the call cannot be typed (wrong number of arguments, a format string that
    /// does not match...).
    /// </summary>
    public abstract FuncType Infer(CallSite site);

    /// <summary>
    /// For functions whose type depends on what their arguments turn out to be (<c>_lookup</c> of a list or of a
    /// map, a struct field lookup): called by the unifier, possibly several times, with the call's type as far as
    /// it is known (<paramref name="solver"/> resolves parts of it). Add the equalities that follow with
    /// <see cref="ITypeSolver.Unify"/> once enough is known, and return true when nothing more is needed; return
    /// false to be asked again later. The default needs nothing.
    /// </summary>
    public virtual bool Refine(FuncType current, CallSite site, ITypeSolver solver) => true;

    /// <summary>Refuses resolved types the function cannot handle by throwing <see cref="TypeCheckException"/>.</summary>
    public virtual void Check(FuncType resolved, CallSite site)
    {
    }

    /// <summary>The run-time node for one call site whose type is fully known.</summary>
    public abstract FunctionNode Create(FuncType resolved);

    public override string ToString() => Name;
}

/// <summary>What the compiler knows about one call when it types it.</summary>
public sealed class CallSite(int argCount, Func<int, Value?> staticArg)
{
    /// <summary>How many arguments the call passes.</summary>
    public int ArgCount { get; } = argCount;

    /// <summary>The value of argument <paramref name="index"/> when it is known at compile time (a literal), else null.</summary>
    public Value? StaticArg(int index) => index < ArgCount ? staticArg(index) : null;
}

/// <summary>The unifier, as seen from <see cref="BuiltinFunction.Refine"/>.</summary>
public interface ITypeSolver
{
    /// <summary>The type with every variable solved so far replaced by what it stands for.</summary>
    DataType Resolve(DataType type);

    /// <summary>Records that two types are equal; throws <see cref="TypeCheckException"/> when they cannot be.</summary>
    void Unify(DataType a, DataType b);
}

/// <summary>A call cannot be typed. The message is for the user; the compiler adds the call's position.</summary>
public sealed class TypeCheckException(string message) : Exception(message);
