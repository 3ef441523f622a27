using EcsDiscoverer.Engine.Aws.Sqs;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Events;

/// <summary>R18.1: EVENT_QUEUE_URL is a queue URL as SQS shows it, or a local endpoint's.</summary>
public class QueueAddressTests
{
    [Theory(DisplayName = "R18.1: queue URLs read, with their region, account and name")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123456789012/ecs-events", "us-east-1", "123456789012", "ecs-events", true)]
    [InlineData("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q", "cn-north-1", "123456789012", "q", true)]
    [InlineData("https://eu-west-1.queue.amazonaws.com/123456789012/q.fifo", "eu-west-1", "123456789012", "q.fifo", true)]
    [InlineData(" http://127.0.0.1:4566/000000000000/local ", null, "000000000000", "local", false)]
    public void Reads(string url, string? region, string account, string name, bool isAws)
    {
        Assert.True(QueueAddress.TryParse(url, out var address, out var problem), problem);
        Assert.Equal(region, address.Region);
        Assert.Equal(account, address.Account);
        Assert.Equal(name, address.Name);
        Assert.Equal(isAws, address.IsAws);
    }

    [Theory(DisplayName = "R18.1: anything else is refused with what to give instead")]
    [InlineData("ecs-events", "is not a queue URL")]
    [InlineData("arn:aws:sqs:us-east-1:123456789012:ecs-events", "is not a queue URL")]
    [InlineData("ftp://sqs.us-east-1.amazonaws.com/123456789012/q", "is not a queue URL")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/ecs-events", "/ACCOUNT/QUEUE-NAME")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/12345/q", "/ACCOUNT/QUEUE-NAME")]
    public void Refuses(string url, string problem)
    {
        Assert.False(QueueAddress.TryParse(url, out _, out var said));
        Assert.Contains(problem, said, System.StringComparison.Ordinal);
        Assert.Contains("https://sqs.us-east-1.amazonaws.com/123456789012/ecs-events", said, System.StringComparison.Ordinal);
    }
}
