using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// SQS in its JSON protocol, as AWSSDK.SQS 4.x and current boto3 send it: <c>X-Amz-Target: AmazonSQS.&lt;Operation&gt;</c>,
/// <c>application/x-amz-json-1.0</c>, PascalCase members. Serves the queue operations an event consumer and its tests
/// need: CreateQueue, GetQueueUrl, GetQueueAttributes, ReceiveMessage (with long polls), DeleteMessage,
/// DeleteMessageBatch, SendMessage, PurgeQueue. Each request acts in its caller's account and region. Errors are
/// <c>{"__type":"com.amazonaws.sqs#CODE","message":...}</c> with SQS's <c>x-amzn-query-error</c> header (the code
/// AWSSDK reports as <c>ErrorCode</c> for this query-compatible service).
/// </summary>
internal sealed class SqsHandler
{
    public const string TargetPrefix = "AmazonSQS.";
    private const string ContentType = "application/x-amz-json-1.0";
    private const string TypePrefix = "com.amazonaws.sqs#";
    private const int MaxWaitSeconds = 20;
    private const int MaxBatch = 10;

    // The x-amzn-query-error codes of the query protocol, where they differ from the JSON __type.
    private static readonly Dictionary<string, string> QueryCodes = new(StringComparer.Ordinal)
    {
        ["QueueDoesNotExist"] = "AWS.SimpleQueueService.NonExistentQueue",
        ["EmptyBatchRequest"] = "AWS.SimpleQueueService.EmptyBatchRequest",
        ["TooManyEntriesInBatchRequest"] = "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        ["BatchEntryIdsNotDistinct"] = "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
    };

    private static readonly string[] MessageAttributes = ["SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"];

    private readonly SqsQueues _queues;
    private readonly CancellationToken _stopping;

    /// <param name="queues">The queues.</param>
    /// <param name="stopping">Cancelled when the server stops, so that long polls end instead of holding the shutdown up.</param>
    public SqsHandler(SqsQueues queues, CancellationToken stopping)
    {
        _queues = queues;
        _stopping = stopping;
    }

    /// <summary>Every operation served; any other is answered AccessDenied.</summary>
    public static IReadOnlyList<string> Operations { get; } =
        ["CreateQueue", "GetQueueUrl", "GetQueueAttributes", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "SendMessage", "PurgeQueue"];

    /// <summary>The operation named by a target, e.g. <c>ReceiveMessage</c>.</summary>
    public static string OperationName(string target) => target[TargetPrefix.Length..];

    /// <summary>Serves one request; <paramref name="pathQueue"/> is the queue named by a POST to <c>/ACCOUNT/NAME</c>, if so.</summary>
    public async Task<AwsReply> ExecuteAsync(Caller caller, string operation, string body, (string Account, string Name)? pathQueue, CancellationToken aborted)
    {
        try
        {
            if (!caller.Authenticated)
            {
                throw new SqsApiException("MissingAuthenticationToken", "Request is missing Authentication Token", StatusCodes.Status403Forbidden);
            }

            var request = Parse(body);
            var result = operation switch
            {
                "CreateQueue" => CreateQueue(caller, request),
                "GetQueueUrl" => GetQueueUrl(caller, request),
                "GetQueueAttributes" => GetQueueAttributes(Queue(caller, operation, request, pathQueue), request),
                "ReceiveMessage" => await ReceiveMessageAsync(Queue(caller, operation, request, pathQueue), request, aborted).ConfigureAwait(false),
                "DeleteMessage" => DeleteMessage(Queue(caller, operation, request, pathQueue), request),
                "DeleteMessageBatch" => DeleteMessageBatch(Queue(caller, operation, request, pathQueue), request),
                "SendMessage" => SendMessage(Queue(caller, operation, request, pathQueue), request),
                "PurgeQueue" => PurgeQueue(Queue(caller, operation, request, pathQueue)),
                _ => throw Denied(caller, operation, "the EcsDiscoverer emulator serves only " + string.Join(", ", Operations)),
            };
            return Reply(StatusCodes.Status200OK, result);
        }
        catch (SqsApiException ex)
        {
            return ErrorReply(ex.Status, ex.Code, ex.Message);
        }
    }

    /// <summary>An SQS error: <paramref name="code"/> is the short code (<c>QueueDoesNotExist</c>), the part of <c>__type</c> after <c>#</c>.</summary>
    public static AwsReply ErrorReply(int status, string code, string message)
    {
        var reply = Reply(status, new JsonObject { ["__type"] = TypePrefix + code, ["message"] = message });
        var headers = new Dictionary<string, string>(reply.Headers, StringComparer.Ordinal)
        {
            ["x-amzn-query-error"] = $"{QueryCodes.GetValueOrDefault(code, code)};{(status >= 500 ? "Receiver" : "Sender")}",
        };
        return reply with { Headers = headers };
    }

    /// <summary>
    /// A scripted fault in SQS's words: the fault factories speak ECS (<c>AccessDeniedException</c>,
    /// <c>ThrottlingException</c>, ...); SQS answers <c>AccessDenied</c> (403), <c>RequestThrottled</c> (400),
    /// <c>InternalError</c> (500), <c>ServiceUnavailable</c> (503), <c>ExpiredToken</c> (403),
    /// <c>InvalidClientTokenId</c> (403). Any other code is served as given.
    /// </summary>
    public static AwsReply FaultReply(int status, string code, string message) => code switch
    {
        "AccessDeniedException" => ErrorReply(StatusCodes.Status403Forbidden, "AccessDenied", message),
        "ThrottlingException" => ErrorReply(StatusCodes.Status400BadRequest, "RequestThrottled", message),
        "ServerException" => ErrorReply(StatusCodes.Status500InternalServerError, "InternalError", message),
        "ExpiredTokenException" => ErrorReply(StatusCodes.Status403Forbidden, "ExpiredToken", message),
        "UnrecognizedClientException" => ErrorReply(StatusCodes.Status403Forbidden, "InvalidClientTokenId", message),
        _ => ErrorReply(status, code, message),
    };

    private JsonObject CreateQueue(Caller caller, JsonObject request)
    {
        var name = RequiredString(request, "QueueName");
        var attributes = request["Attributes"] as JsonObject ?? [];
        var visibility = AttributeNumber(attributes, "VisibilityTimeout", 0, SqsQueue.MaxVisibilityTimeout);
        var wait = AttributeNumber(attributes, "ReceiveMessageWaitTimeSeconds", 0, MaxWaitSeconds);
        if (JsonFields.AsString(attributes["FifoQueue"]) == "true" || name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw InvalidParameter("FIFO queues are not emulated; the EcsDiscoverer emulator serves standard queues.");
        }

        SqsQueue queue;
        try
        {
            queue = _queues.Create(caller.Scope, name);
        }
        catch (ArgumentException ex)
        {
            throw InvalidParameter(ex.Message);
        }

        if (queue.Denied)
        {
            throw Denied(caller, "CreateQueue", "the queue is denied by the emulator's deny switch");
        }

        if (visibility is { } v)
        {
            queue.VisibilityTimeoutSeconds = v;
        }

        if (wait is { } w)
        {
            queue.ReceiveWaitTimeSeconds = w;
        }

        return new JsonObject { ["QueueUrl"] = _queues.UrlOf(queue) };
    }

    private JsonObject GetQueueUrl(Caller caller, JsonObject request)
    {
        var name = RequiredString(request, "QueueName");
        var owner = JsonFields.AsString(request["QueueOwnerAWSAccountId"]) ?? caller.Scope.Account;
        var queue = (owner == caller.Scope.Account ? _queues.Find(caller.Scope, name) : null) ?? throw NoQueue();
        if (queue.Denied)
        {
            throw Denied(caller, "GetQueueUrl", "the queue is denied by the emulator's deny switch");
        }

        return new JsonObject { ["QueueUrl"] = _queues.UrlOf(queue) };
    }

    /// <summary>
    /// The queue a request names by <c>QueueUrl</c> (any host; the path is <c>/ACCOUNT/NAME</c>) or by the path it was
    /// posted to: it must be the caller's account and exist in the caller's region, else QueueDoesNotExist; a denied
    /// queue is AccessDenied.
    /// </summary>
    private SqsQueue Queue(Caller caller, string operation, JsonObject request, (string Account, string Name)? pathQueue)
    {
        (string Account, string Name)? named = pathQueue;
        if (JsonFields.AsString(request["QueueUrl"]) is { } url)
        {
            var segments = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/').Split('/') : [];
            named = segments is [var account, var name] ? (account, name) : throw NoQueue();
        }
        else if (named is null)
        {
            throw new SqsApiException("MissingParameter", "The request must contain the parameter QueueUrl.");
        }

        var queue = (named.Value.Account == caller.Scope.Account ? _queues.Find(caller.Scope, named.Value.Name) : null) ?? throw NoQueue();
        if (queue.Denied)
        {
            throw Denied(caller, operation, $"queue {queue.Arn} is denied by the emulator's deny switch");
        }

        return queue;
    }

    private static JsonObject GetQueueAttributes(SqsQueue queue, JsonObject request)
    {
        var names = Names(request, "AttributeNames");
        var all = names.Contains("All");
        var (visible, notVisible) = queue.Counts();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateNumberOfMessages"] = Text(visible),
            ["ApproximateNumberOfMessagesNotVisible"] = Text(notVisible),
            ["ApproximateNumberOfMessagesDelayed"] = "0",
            ["CreatedTimestamp"] = Text(queue.CreatedMs / 1000),
            ["LastModifiedTimestamp"] = Text(queue.CreatedMs / 1000),
            ["DelaySeconds"] = "0",
            ["MaximumMessageSize"] = "262144",
            ["MessageRetentionPeriod"] = "345600",
            ["QueueArn"] = queue.Arn,
            ["ReceiveMessageWaitTimeSeconds"] = Text(queue.ReceiveWaitTimeSeconds),
            ["VisibilityTimeout"] = Text(queue.VisibilityTimeoutSeconds),
            ["SqsManagedSseEnabled"] = "true",
        };
        foreach (var name in names.Where(n => n != "All" && !values.ContainsKey(n)))
        {
            throw new SqsApiException("InvalidAttributeName", $"Unknown Attribute {name}.");
        }

        var attributes = new JsonObject();
        foreach (var (name, value) in values.Where(pair => all || names.Contains(pair.Key)))
        {
            attributes[name] = value;
        }

        // SQS leaves Attributes out when none were asked for.
        return attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes };
    }

    private async Task<JsonObject> ReceiveMessageAsync(SqsQueue queue, JsonObject request, CancellationToken aborted)
    {
        var max = Number(request, "MaxNumberOfMessages", 1, MaxBatch, "Must be between 1 and 10, if provided.") ?? 1;
        var wait = Number(request, "WaitTimeSeconds", 0, MaxWaitSeconds, "Must be >= 0 and <= 20, if provided.") ?? queue.ReceiveWaitTimeSeconds;
        var visibility = Number(request, "VisibilityTimeout", 0, SqsQueue.MaxVisibilityTimeout, "Must be >= 0 and <= 43200, if provided.")
            ?? queue.VisibilityTimeoutSeconds;
        var asked = Names(request, "AttributeNames").Concat(Names(request, "MessageSystemAttributeNames")).ToHashSet(StringComparer.Ordinal);

        // A long poll ends early with a message, at WaitTimeSeconds with none, or empty when the client or the server goes.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping);
        var until = queue.NowMs + (wait * 1000L);
        var received = queue.Receive(max, visibility);
        try
        {
            while (received.Count == 0 && queue.NowMs < until)
            {
                await queue.WaitAsync(until, linked.Token).ConfigureAwait(false);
                received = queue.Receive(max, visibility);
            }
        }
        catch (OperationCanceledException)
        {
            return [];
        }

        if (received.Count == 0)
        {
            // What SQS's JSON protocol sends for an empty receive: no Messages member at all.
            return [];
        }

        var messages = new JsonArray();
        foreach (var (message, handle) in received)
        {
            var item = new JsonObject
            {
                ["MessageId"] = message.MessageId,
                ["ReceiptHandle"] = handle,
                ["MD5OfBody"] = message.Md5OfBody,
                ["Body"] = message.Body,
            };
            var attributes = new JsonObject();
            foreach (var name in MessageAttributes.Where(n => asked.Contains("All") || asked.Contains(n)))
            {
                attributes[name] = name switch
                {
                    "SentTimestamp" => Text(message.SentMs),
                    "ApproximateReceiveCount" => Text(message.ReceiveCount),
                    _ => Text(message.FirstReceiveMs ?? message.SentMs),
                };
            }

            if (attributes.Count > 0)
            {
                item["Attributes"] = attributes;
            }

            messages.Add(item);
        }

        return new JsonObject { ["Messages"] = messages };
    }

    private static JsonObject DeleteMessage(SqsQueue queue, JsonObject request)
    {
        var handle = RequiredString(request, "ReceiptHandle");
        return queue.Delete(handle) ? [] : throw InvalidHandle(handle);
    }

    private static JsonObject DeleteMessageBatch(SqsQueue queue, JsonObject request)
    {
        var entries = (request["Entries"] as JsonArray ?? []).Select(e => e as JsonObject ?? throw InvalidParameter("Entries must be objects.")).ToList();
        if (entries.Count == 0)
        {
            throw new SqsApiException("EmptyBatchRequest", "There should be at least one DeleteMessageBatchRequestEntry in the request.");
        }

        if (entries.Count > MaxBatch)
        {
            throw new SqsApiException("TooManyEntriesInBatchRequest", $"Maximum number of entries per request are {MaxBatch}. You have sent {entries.Count}.");
        }

        var ids = entries.ConvertAll(e => RequiredString(e, "Id"));
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw new SqsApiException("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = RequiredString(entry, "Id");
            var handle = JsonFields.AsString(entry["ReceiptHandle"]) ?? "";
            if (queue.Delete(handle))
            {
                successful.Add(new JsonObject { ["Id"] = id });
            }
            else
            {
                failed.Add(new JsonObject
                {
                    ["Id"] = id,
                    ["SenderFault"] = true,
                    ["Code"] = "ReceiptHandleIsInvalid",
                    ["Message"] = $"The input receipt handle \"{handle}\" is not a valid receipt handle.",
                });
            }
        }

        return new JsonObject { ["Successful"] = successful, ["Failed"] = failed };
    }

    private static JsonObject SendMessage(SqsQueue queue, JsonObject request)
    {
        var body = JsonFields.AsString(request["MessageBody"]) is { Length: > 0 } text
            ? text
            : throw new SqsApiException("MissingParameter", "The request must contain the parameter MessageBody.");
        var delay = Number(request, "DelaySeconds", 0, 900, "Must be >= 0 and <= 900, if provided.") ?? 0;
        var message = queue.Send(body, delay);
        return new JsonObject { ["MD5OfMessageBody"] = message.Md5OfBody, ["MessageId"] = message.MessageId };
    }

    private static JsonObject PurgeQueue(SqsQueue queue)
    {
        queue.Purge();
        return [];
    }

    private static string RequiredString(JsonObject request, string name) =>
        JsonFields.AsString(request[name]) is { Length: > 0 } value
            ? value
            : throw new SqsApiException("MissingParameter", $"The request must contain the parameter {name}.");

    /// <summary>An optional integer member within [min, max]; anything else is InvalidParameterValue, as SQS answers it.</summary>
    private static int? Number(JsonObject request, string name, int min, int max, string reason) => request[name] switch
    {
        null => null,
        var node when JsonFields.TryGetInteger(node, out var value) && value >= min && value <= max => (int)value,
        var node => throw InvalidParameter($"Value {node.ToJsonString()} for parameter {name} is invalid. Reason: {reason}"),
    };

    /// <summary>A queue attribute given as a string of digits (SQS's attribute map holds strings only).</summary>
    private static int? AttributeNumber(JsonObject attributes, string name, int min, int max) => attributes[name] switch
    {
        null => null,
        var node when int.TryParse(JsonFields.AsString(node), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max => value,
        var node => throw new SqsApiException("InvalidAttributeValue", $"Invalid value for the parameter {name}: {node.ToJsonString()}."),
    };

    private static List<string> Names(JsonObject request, string name) =>
        (request[name] as JsonArray ?? []).Select(n => JsonFields.AsString(n) ?? throw InvalidParameter($"{name} must be a list of strings.")).ToList();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static SqsApiException InvalidParameter(string message) => new("InvalidParameterValue", message);

    private static SqsApiException NoQueue() => new("QueueDoesNotExist", "The specified queue does not exist.");

    private static SqsApiException InvalidHandle(string handle) =>
        new("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    private static AwsReply Reply(int status, JsonObject body) =>
        new(status, ContentType, JsonFields.Serialize(body))
        {
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() },
        };

    private static JsonObject Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new SqsApiException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new SqsApiException("SerializationException", "The request body is not valid JSON: " + ex.Message);
        }
    }

    private static SqsApiException Denied(Caller caller, string operation, string why) => new(
        "AccessDenied",
        $"User: {caller.Arn} is not authorized to perform: sqs:{operation} ({why}).",
        StatusCodes.Status403Forbidden);
}
