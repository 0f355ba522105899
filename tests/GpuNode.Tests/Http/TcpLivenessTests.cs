using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SweepCluster.GpuNode.Http;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Http;

/// <summary>The node link's TCP settings that let it notice a silent network (a partition) quickly.</summary>
public sealed class TcpLivenessTests
{
    [Fact]
    public void Configure_FiveSeconds_ProbesEverySecondAndDropsAfterFiveSecondsUnacknowledged()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

        TcpLiveness.Configure(socket, TimeSpan.FromSeconds(5));

        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(5, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        if (OperatingSystem.IsLinux())
        {
            var userTimeout = new byte[4];
            socket.GetRawSocketOption((int)SocketOptionLevel.Tcp, 18, userTimeout);
            Assert.Equal(5000u, BitConverter.ToUInt32(userTimeout));
        }
    }

    [Fact]
    public async Task Register_CoordinatorNeverCompletesTheConnect_FailsAsTransientAtTheNetworkTimeoutNotTheRequestTimeout()
    {
        // A listener whose accept queue is full: Linux drops further SYNs, as a partition would.
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        using var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(endpoint);
        _ = second.ConnectAsync(endpoint).ContinueWith(t => t.Exception, TaskScheduler.Default);
        var url = new Uri($"http://127.0.0.1:{endpoint.Port}");
        using var link = new HttpCoordinatorLink(
            new HttpLinkOptions { Coordinator = url, Token = "t", MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(1), RequestTimeout = TimeSpan.FromSeconds(30) },
            TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => link.RegisterAsync(new RegisterNode(NodeProtocol.Version, "n", 1, [], []), CancellationToken.None));

        Assert.Equal($"no connection to {url} within 1 s", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Validate_NetworkTimeoutUnderOneSecond_Throws()
    {
        var options = new HttpLinkOptions { Coordinator = new Uri("http://127.0.0.1:7878"), Token = "t", NetworkTimeout = TimeSpan.FromMilliseconds(500) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("NetworkTimeout at least 1 s", error.Message, StringComparison.Ordinal);
    }
}
