using System.Threading.Channels;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>
/// <c>net/http.response(uid)</c>: what the HTTP client resource named <c>uid</c> last got, as
/// <c>struct{status int; output str}</c> (the status code and the body), following every change. Before the resource
/// ran, or without one, it is status 0 and an empty body.
/// </summary>
internal static class HttpResponseFunction
{
    public const string Package = "net/http";

    public static readonly StructType Result = new([new StructField("status", DataType.Int), new StructField("output", DataType.Str)]);

    public static void Register(FunctionRegistry registry) => registry.Add(Package, new StreamFunction(
        "response", "func(uid str) struct{status int; output str}", _ => new ResponseStream(),
        "What the http:client resource named uid last got: its status code (0 before anything is known) and body."));

    private sealed class ResponseStream : StreamNode
    {
        protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
            StreamLoop.ForEachInputAsync(stream, cancel, async (args, token) =>
            {
                var uid = args[0].AsStr();
                var board = Context.Services.GetService(typeof(HttpResponseBoard)) as HttpResponseBoard;
                var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
                void OnChange(string changed)
                {
                    if (changed == uid) changes.Writer.TryWrite(true);
                }
                if (board is not null) board.Changed += OnChange;
                try
                {
                    while (true)
                    {
                        await stream.EmitAsync(Read(board?.Get(uid) ?? HttpResponseState.Nothing, uid)).ConfigureAwait(false);
                        await changes.Reader.ReadAsync(token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (board is not null) board.Changed -= OnChange;
                }
            });

        private static StructValue Read(HttpResponseState state, string uid)
        {
            var body = "";
            if (state.BodyPath.Length > 0)
            {
                try
                {
                    body = File.ReadAllText(state.BodyPath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new FunctionException($"net/http.response: cannot read the body of {uid} from {state.BodyPath}: {e.Message}");
                }
            }
            return new StructValue(Result, [Value.Int(state.Status), Value.Str(body)]);
        }
    }
}
