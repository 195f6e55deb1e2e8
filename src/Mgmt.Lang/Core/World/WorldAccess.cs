using Mgmt.Lang.Functions;
using Mgmt.World;

namespace Mgmt.Lang.Core.WorldFunctions;

/// <summary>How the world functions reach the agent's world, and how its refusals reach the user.</summary>
internal static class WorldAccess
{
    /// <summary>The world among the host services; a program run without one stops with what to do.</summary>
    public static IWorld Require(IFunctionContext context, string function) =>
        context.Services.GetService(typeof(IWorld)) as IWorld
        ?? throw new FunctionException(
            $"{function} reads the cluster's world, and this program runs without one; run it with `mgmt run lang`");

    /// <summary>
    /// Runs one watch of the world, turning a name the world refuses (a key with '/', a bad kind) into a fatal
    /// error that names the function: the program must be fixed, retrying would not help.
    /// </summary>
    public static async Task WatchAsync(string function, Func<Task> watch)
    {
        try
        {
            await watch().ConfigureAwait(false);
        }
        catch (WorldKeyException e)
        {
            throw new FunctionException($"{function}: {e.Message}", e);
        }
    }
}
