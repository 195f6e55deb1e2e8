using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class DhcpLog
{
    [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "serving DHCP on UDP {Address} ({Interface}) as {ServerId}: {Hosts} host(s), {Ranges} range(s)")]
    public static partial void Listening(ILogger logger, string address, string @interface, string serverId, int hosts, int ranges);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Information, Message = "leased {Address} to {Mac} for {Seconds} s")]
    public static partial void Leased(ILogger logger, string address, string mac, double seconds);

    [LoggerMessage(EventId = 7603, Level = LogLevel.Warning, Message = "no address left for {Mac}: every range is full")]
    public static partial void NoAddress(ILogger logger, string mac);

    [LoggerMessage(EventId = 7604, Level = LogLevel.Information, Message = "refused {Mac} the address {Address} (not ours to give, or taken)")]
    public static partial void Refused(ILogger logger, string mac, string address);
}
