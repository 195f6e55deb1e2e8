namespace Mgmt.Engine.Runtime;

/// <summary>
/// A new graph was refused (invalid resource, cycle, missing send/recv key...). The message is for the user;
/// the previously running graph, if any, keeps running untouched.
/// </summary>
public sealed class GraphException(string message, Exception? inner = null) : Exception(message, inner);
