namespace EcsDiscoverer.Emulator;

/// <summary>An SQS error the handler answers in SQS's JSON error format (<see cref="SqsHandler.ErrorReply"/>).</summary>
/// <param name="code">The short error code, e.g. <c>QueueDoesNotExist</c>: the part of <c>__type</c> after <c>#</c>.</param>
/// <param name="message">The message.</param>
/// <param name="status">The HTTP status, 400 unless said otherwise.</param>
internal sealed class SqsApiException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
