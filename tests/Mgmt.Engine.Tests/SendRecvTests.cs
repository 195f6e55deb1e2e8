using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests;

public sealed class SendRecvTests
{
    [Fact]
    public async Task A_sent_value_reaches_the_receivers_parameter_before_its_CheckApply()
    {
        await using var h = new Harness();
        var sender = h.Rec("sender", r => r.SendText = "hello");
        var receiver = h.Rec("receiver", r => r.Value = "graph value");
        var g = Harness.Graph(receiver, sender);
        g.Bindings.Add(new SendRecvBinding(sender, "out", receiver, "value"));

        await h.Commit(g);
        await h.WaitChecks("receiver", 1);

        Assert.Equal("hello", receiver.Value);
        Assert.Equal("value=\"hello\"*", h.Journal.Of("receiver", "start")[0].Detail); // received, and changed
        Assert.True(h.Engine.Current!.TryGetEdge(sender, receiver, out _), "the implied edge is missing");

        // Consumed: the next check sees the same value, unchanged.
        h.Journal.Event("receiver");
        await h.WaitChecks("receiver", 2);
        Assert.Equal("value=\"hello\"", h.Journal.Of("receiver", "start")[1].Detail);
    }

    [Fact]
    public async Task A_new_sent_value_marks_the_receiver_changed_and_a_swap_keeps_it()
    {
        await using var h = new Harness();
        var g = Graph(h, "one");
        await h.Commit(g);
        await h.WaitChecks("receiver", 1);

        // Same graph again: both kept, the receiver's received value is not mistaken for a change.
        await h.Commit(Graph(h, "one"));
        Assert.Equal(1, h.Journal.Count("receiver", "init"));
        Assert.Equal(1, h.Journal.Count("sender", "init"));

        // The sender changes: the receiver gets the new value.
        await h.Commit(Graph(h, "two"));
        await h.WaitChecks("receiver", 2);
        Assert.Equal("value=\"two\"*", h.Journal.Of("receiver", "start")[1].Detail);
    }

    [Fact]
    public async Task Values_sent_by_a_kept_sender_reach_a_new_receiver_without_the_sender_running_again()
    {
        await using var h = new Harness();
        await h.Commit(WithReceiver(h, 1));
        await h.WaitChecks("receiver", 1);

        await h.Commit(WithReceiver(h, 2)); // the receiver changed: a new vertex, the sender is kept
        await h.WaitChecks("receiver", 2);
        Assert.Equal(1, h.Journal.Count("sender", "start"));
        Assert.Equal("value=\"kept\"*", h.Journal.Of("receiver", "start")[1].Detail);

        static ResourceGraph WithReceiver(Harness h, long number)
        {
            var sender = h.Rec("sender", r => r.SendText = "kept");
            var receiver = h.Rec("receiver", r => r.Number = number);
            var g = Harness.Graph(sender, receiver);
            g.Bindings.Add(new SendRecvBinding(sender, "out", receiver, "value"));
            return g;
        }
    }

    [Fact]
    public async Task A_grouped_member_receives_through_its_group()
    {
        await using var h = new Harness();
        var sender = h.Rec("sender", r => r.SendText = "to the member");
        var leader = h.Rec("leader", r => r.Group = true);
        var member = h.Rec("grouped", r => r.Group = true); // sorts before "leader", which therefore leads
        var g = Harness.Graph(leader, member, sender);
        g.Bindings.Add(new SendRecvBinding(sender, "count", member, "number"));
        g.Bindings.Add(new SendRecvBinding(sender, "out", member, "value"));

        await h.Commit(g);
        await h.WaitChecks("leader", 1);
        Assert.Same(leader, member.GroupParent);
        Assert.Equal("to the member", member.Value);
        Assert.Equal(1, member.Number);
    }

    [Theory]
    [InlineData("out", "number", "the key is of type str but the parameter is of type int; the types must be the same")]
    [InlineData("missing", "value", "kind 'rec' sends no key 'missing' (it sends: out, count)")]
    [InlineData("out", "missing", "kind 'rec' has no parameter 'missing'")]
    public async Task A_bad_binding_is_refused(string key, string param, string problem)
    {
        await using var h = new Harness();
        var sender = h.Rec("sender");
        var receiver = h.Rec("receiver");
        var g = Harness.Graph(sender, receiver);
        g.Bindings.Add(new SendRecvBinding(sender, key, receiver, param));
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(g));
        Assert.Equal($"rec[sender].{key} -> rec[receiver].{param}: {problem}", e.Message);
    }

    [Fact]
    public async Task A_hidden_sender_and_a_parameter_receiving_twice_are_refused()
    {
        await using var h = new Harness();
        var hidden = h.Rec("hidden", meta: MetaParams.Default with { Hidden = true });
        var receiver = h.Rec("receiver");
        var g = Harness.Graph(hidden, receiver);
        g.Bindings.Add(new SendRecvBinding(hidden, "out", receiver, "value"));
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(g));
        Assert.Contains("hidden", e.Message);

        var s1 = h.Rec("s1");
        var s2 = h.Rec("s2");
        var r = h.Rec("r");
        var twice = Harness.Graph(s1, s2, r);
        twice.Bindings.Add(new SendRecvBinding(s1, "out", r, "value"));
        twice.Bindings.Add(new SendRecvBinding(s2, "out", r, "value"));
        var e2 = await Assert.ThrowsAsync<GraphException>(() => h.Commit(twice));
        Assert.Contains("already receives from another sender", e2.Message);
    }

    [Fact]
    public async Task A_receiver_that_is_not_receivable_is_refused()
    {
        await using var h = new Harness();
        var sender = h.Rec("sender");
        var file = new FileTestResource { Name = "/tmp/x", Path = "/tmp/x" };
        var g = Harness.Graph(sender, file);
        g.Bindings.Add(new SendRecvBinding(sender, "out", file, "content"));
        var e = await Assert.ThrowsAsync<GraphException>(() => h.Commit(g));
        Assert.EndsWith("resources of kind 'tfile' cannot receive values", e.Message);
    }

    private static ResourceGraph Graph(Harness h, string text)
    {
        var sender = h.Rec("sender", r => r.SendText = text);
        var receiver = h.Rec("receiver");
        var g = Harness.Graph(sender, receiver);
        g.Bindings.Add(new SendRecvBinding(sender, "out", receiver, "value"));
        return g;
    }
}
