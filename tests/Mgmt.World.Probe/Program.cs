using Mgmt.World.Etcd;

// Usage: Mgmt.World.Probe DATA_DIR CLIENT_URL PEER_URL PID_FILE
// Starts a supervised etcd member, writes its pid to PID_FILE, then waits until it is killed.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Mgmt.World.Probe DATA_DIR CLIENT_URL PEER_URL PID_FILE");
    return 2;
}
var supervisor = await EtcdSupervisor.StartAsync(new EtcdMemberOptions
{
    Name = "probe",
    DataDirectory = args[0],
    ClientUrls = [args[1]],
    PeerUrls = [args[2]],
});
await File.WriteAllTextAsync(args[3] + ".tmp", supervisor.ProcessId.ToString());
File.Move(args[3] + ".tmp", args[3]);
await Task.Delay(Timeout.Infinite);
return 0;
