using System.Net.Sockets;

namespace SweepCluster.GpuNode.Http;

/// <summary>
/// Makes the link's TCP connections notice a network that has gone silent (a partition, a
/// pulled cable, a peer machine that lost power) within <see cref="HttpLinkOptions.NetworkTimeout"/>
/// instead of the request timeout. Without it a request in flight when the path died waits for
/// TCP's exponentially backed-off retransmissions: measured on a netns cluster
/// (tests/Cli.Tests/Cluster/NetnsPartitionTests), a node partitioned for 8 s came back 6 s after
/// the link healed, one partitioned for 20 s 8.7 s after, and past 30 s only at the request timeout.
/// <list type="bullet">
/// <item>TCP keepalive probes every second on an idle connection (a held long-poll whose request
/// was acknowledged waits on one), so a dead path shows on it too;</item>
/// <item><c>TCP_USER_TIMEOUT</c> (Linux): the kernel drops a connection whose sent data or
/// keepalive probes stay unacknowledged that long, and the request fails at once;</item>
/// <item>a connect timeout of the same length, so a SYN lost in the partition is retried by a
/// fresh connect (after the agent's retry delay) rather than by SYN backoff (1, 3, 7, 15 s…).</item>
/// </list>
/// A coordinator that is merely slow, or frozen (SIGSTOP), still has its kernel acknowledge, so it
/// is not cut off by this: the request timeout covers that case.
/// </summary>
internal static class TcpLiveness
{
    // From <netinet/tcp.h>; .NET has no SocketOptionName for it.
    private const int TcpUserTimeout = 18;

    /// <summary>A handler whose connections are configured by <see cref="Configure"/>.</summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan networkTimeout) => new()
    {
        ConnectTimeout = networkTimeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                Configure(socket, networkTimeout);
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Keepalive every second and, on Linux, <c>TCP_USER_TIMEOUT</c> = <paramref name="networkTimeout"/>.</summary>
    public static void Configure(Socket socket, TimeSpan networkTimeout)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(networkTimeout.TotalSeconds));
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 1);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 1);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, seconds);
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpUserTimeout, BitConverter.GetBytes((uint)networkTimeout.TotalMilliseconds));
        }
    }
}
