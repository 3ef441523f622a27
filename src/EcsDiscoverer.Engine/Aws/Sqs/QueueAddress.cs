using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace EcsDiscoverer.Engine.Aws.Sqs;

/// <summary>
/// An SQS queue URL, read: <c>https://sqs.REGION.amazonaws.com/ACCOUNT/NAME</c> (the form SQS gives), the legacy
/// <c>https://REGION.queue.amazonaws.com/...</c>, or any http(s) URL of a local endpoint such as moto's or the
/// emulator's, whose region is then the scope's. The SDK is pointed at the URL's own host, so a queue needs no
/// endpoint setting of its own.
/// </summary>
public sealed class QueueAddress
{
    private static readonly Regex AwsHost = new(
        @"^(?:sqs\.(?<region>[a-z0-9-]+)|(?<region>[a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromSeconds(1));

    private static readonly char[] PathSeparator = { '/' };

    private QueueAddress(Uri url, string? region, string account, string name, bool isAws)
    {
        Url = url;
        Region = region;
        Account = account;
        Name = name;
        IsAws = isAws;
    }

    /// <summary>The queue URL.</summary>
    public Uri Url { get; }

    /// <summary>The region the host names; null for a local endpoint.</summary>
    public string? Region { get; }

    /// <summary>The account that owns the queue (the first path segment).</summary>
    public string Account { get; }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>Whether the host is AWS's own (else a local endpoint: the SDK is given it as its service URL).</summary>
    public bool IsAws { get; }

    /// <summary>The service URL a client of this queue calls: the URL's scheme, host and port.</summary>
    public Uri ServiceUrl => new(Url.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>Reads <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, out QueueAddress address, out string problem)
    {
        address = null!;
        problem = "";
        var trimmed = (text ?? "").Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"'{text}' is not a queue URL: give it as SQS shows it, such as https://sqs.us-east-1.amazonaws.com/123456789012/ecs-events";
            return false;
        }

        var segments = url.AbsolutePath.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != 2 || !segments[0].All(char.IsDigit) || segments[0].Length != 12)
        {
            problem = $"'{text}' is not a queue URL: its path must be /ACCOUNT/QUEUE-NAME, such as https://sqs.us-east-1.amazonaws.com/123456789012/ecs-events (an ARN or a bare name is not enough)";
            return false;
        }

        var match = AwsHost.Match(url.Host);
        address = new QueueAddress(url, match.Success ? match.Groups["region"].Value.ToLowerInvariant() : null, segments[0], segments[1], match.Success);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Url.ToString();
}
