namespace EcsDiscoverer.Emulator;

/// <summary>One message in an <see cref="SqsQueue"/>, with what SQS keeps about it. Guarded by the queue's lock.</summary>
internal sealed class SqsMessage(string messageId, string body, string md5OfBody, long sentMs)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    /// <summary>The hex MD5 of the body's UTF-8 bytes, which SDKs check against the body.</summary>
    public string Md5OfBody { get; } = md5OfBody;

    public long SentMs { get; } = sentMs;

    /// <summary>When the message may next be received (epoch ms); in flight while in the future.</summary>
    public long VisibleAtMs { get; set; } = sentMs;

    public int ReceiveCount { get; set; }

    public long? FirstReceiveMs { get; set; }

    /// <summary>The receipt handle of the latest receive: only it deletes the message, as in SQS.</summary>
    public string? CurrentHandle { get; set; }

    public bool Deleted { get; set; }

    /// <summary>Every receipt handle issued for the message, so that deleting it can retire them all at once.</summary>
    public List<string> Handles { get; } = [];
}
