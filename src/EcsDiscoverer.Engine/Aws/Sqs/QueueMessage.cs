namespace EcsDiscoverer.Engine.Aws.Sqs;

/// <summary>One message received from a queue: its body, and the handle that deletes it.</summary>
internal sealed record QueueMessage(string MessageId, string ReceiptHandle, string Body);
