using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// Issue 14: the emulator as SQS (JSON protocol, raw HTTP as AWSSDK.SQS sends it) and as EventBridge delivering
/// ECS Task State Change events to subscribed queues, with lost events, a deny switch and churn.
/// </summary>
public class SqsEventsTests
{
    // c0 with ci0 (10.1.0.1) and ci1 (10.1.0.2); fam0 bridge, fam1 awsvpc (Fargate); t0 bridge on ci0, t1 Fargate.
    private static readonly string Small = ScenarioGenerator.Generate(
        new ScenarioGeneratorOptions { Tasks = 2, Families = 2, Instances = 2, FargatePercent = 50 }).Json;

    /// <summary>The small scenario with <c>"eventQueues": ["ecs-events"]</c> at the top level.</summary>
    private static string WithEventQueue(string json, params string[] queues)
    {
        var scenario = JsonNode.Parse(json)!.AsObject();
        scenario["eventQueues"] = new JsonArray(queues.Select(q => (JsonNode)JsonValue.Create(q)!).ToArray());
        return scenario.ToJsonString();
    }

    private static Task<EcsEmulatorServer> StartAsync(string? json = null) =>
        EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(json ?? WithEventQueue(Small, "ecs-events")));

    private static string Q(string url, string more = "") => $$"""{"QueueUrl":"{{url}}"{{more}}}""";

    private static async Task<(HttpStatusCode Status, JsonObject Body, string? QueryError)> SendAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        var queryError = response.Headers.TryGetValues("x-amzn-query-error", out var values) ? values.Single() : null;
        return (response.StatusCode, (JsonObject)JsonNode.Parse(text)!, queryError);
    }

    /// <summary>Every message now visible, received (up to 10 a call) and deleted; their bodies parsed.</summary>
    private static async Task<List<JsonObject>> DrainAsync(EmulatorClient client, string url)
    {
        var bodies = new List<JsonObject>();
        while (true)
        {
            var received = await client.SqsOkAsync("ReceiveMessage", Q(url, ""","MaxNumberOfMessages":10"""));
            if (received["Messages"] is not JsonArray messages)
            {
                return bodies;
            }

            foreach (var message in messages.Select(m => m!.AsObject()))
            {
                bodies.Add(JsonNode.Parse(message["Body"]!.GetValue<string>())!.AsObject());
                await client.SqsOkAsync("DeleteMessage", Q(url, $$""","ReceiptHandle":"{{message["ReceiptHandle"]}}" """));
            }
        }
    }

    [Fact(DisplayName = "SQS: CreateQueue, SendMessage, ReceiveMessage with MD5 and attributes, GetQueueAttributes, DeleteMessage; an empty receive is {}")]
    public async Task SendReceiveDelete()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);

        var url = (await client.SqsOkAsync("CreateQueue", """{"QueueName":"plain"}"""))["QueueUrl"]!.GetValue<string>();
        Assert.Equal($"{emulator.Endpoint}123456789012/plain", url);
        Assert.Equal(url, (await client.SqsOkAsync("CreateQueue", """{"QueueName":"plain"}"""))["QueueUrl"]!.GetValue<string>());
        Assert.Equal(url, (await client.SqsOkAsync("GetQueueUrl", """{"QueueName":"plain"}"""))["QueueUrl"]!.GetValue<string>());

        var sent = await client.SqsOkAsync("SendMessage", Q(url, ""","MessageBody":"not an event" """));
#pragma warning disable CA5351 // SQS's MD5OfBody is a checksum the protocol defines.
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("not an event")));
#pragma warning restore CA5351
        Assert.Equal(md5, sent["MD5OfMessageBody"]!.GetValue<string>());

        var attributes = (await client.SqsOkAsync("GetQueueAttributes", Q(url, ""","AttributeNames":["All"]""")))["Attributes"]!;
        Assert.Equal("1", attributes["ApproximateNumberOfMessages"]!.GetValue<string>());
        Assert.Equal("0", attributes["ApproximateNumberOfMessagesNotVisible"]!.GetValue<string>());
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:plain", attributes["QueueArn"]!.GetValue<string>());
        Assert.Equal("30", attributes["VisibilityTimeout"]!.GetValue<string>());

        var received = await client.SqsOkAsync("ReceiveMessage", Q(url, ""","MaxNumberOfMessages":10,"MessageSystemAttributeNames":["All"]"""));
        var message = received["Messages"]!.AsArray().Single()!.AsObject();
        Assert.Equal(sent["MessageId"]!.GetValue<string>(), message["MessageId"]!.GetValue<string>());
        Assert.Equal("not an event", message["Body"]!.GetValue<string>());
        Assert.Equal(md5, message["MD5OfBody"]!.GetValue<string>());
        Assert.Equal("1", message["Attributes"]!["ApproximateReceiveCount"]!.GetValue<string>());
        Assert.InRange(long.Parse(message["Attributes"]!["SentTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var inFlight = (await client.SqsOkAsync("GetQueueAttributes", Q(url, ""","AttributeNames":["ApproximateNumberOfMessagesNotVisible"]""")))["Attributes"]!.AsObject();
        Assert.Equal("1", inFlight["ApproximateNumberOfMessagesNotVisible"]!.GetValue<string>());
        Assert.Single(inFlight);

        // In flight: not received again; the empty answer is {} (no Messages member), as SQS's JSON protocol sends it.
        Assert.Empty(await client.SqsOkAsync("ReceiveMessage", Q(url)));
        await client.SqsOkAsync("DeleteMessage", Q(url, $$""","ReceiptHandle":"{{message["ReceiptHandle"]}}" """));
        await client.SqsOkAsync("DeleteMessage", Q(url, $$""","ReceiptHandle":"{{message["ReceiptHandle"]}}" """));
        var gone = (await client.SqsOkAsync("GetQueueAttributes", Q(url, ""","AttributeNames":["All"]""")))["Attributes"]!;
        Assert.Equal("0", gone["ApproximateNumberOfMessagesNotVisible"]!.GetValue<string>());

        var (status, body, queryError) = await SendAsync(client.SqsAsync("DeleteMessage", Q(url, ""","ReceiptHandle":"never-issued" """)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazonaws.sqs#ReceiptHandleIsInvalid", body["__type"]!.GetValue<string>());
        Assert.Equal("ReceiptHandleIsInvalid;Sender", queryError);
        Assert.Equal(1, emulator.CallCounts["sqs:SendMessage"]);
        Assert.Equal(2, emulator.CallCounts["sqs:ReceiveMessage"]);
    }

    [Fact(DisplayName = "SQS: an unacknowledged message is delivered again after its visibility timeout, with a new receipt handle")]
    public async Task VisibilityTimeoutRedelivers()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = (await client.SqsOkAsync("CreateQueue", """{"QueueName":"short","Attributes":{"VisibilityTimeout":"1"}}"""))["QueueUrl"]!.GetValue<string>();
        await client.SqsOkAsync("SendMessage", Q(url, ""","MessageBody":"m" """));

        var first = (await client.SqsOkAsync("ReceiveMessage", Q(url)))["Messages"]!.AsArray().Single()!;
        Assert.Empty(await client.SqsOkAsync("ReceiveMessage", Q(url)));

        // The long poll ends when the message becomes visible again, about 1 s later.
        var clock = Stopwatch.StartNew();
        var again = (await client.SqsOkAsync("ReceiveMessage", Q(url, ""","WaitTimeSeconds":5,"AttributeNames":["ApproximateReceiveCount"]""")))["Messages"]!.AsArray().Single()!;
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));
        Assert.Equal("2", again["Attributes"]!["ApproximateReceiveCount"]!.GetValue<string>());
        Assert.NotEqual(first["ReceiptHandle"]!.GetValue<string>(), again["ReceiptHandle"]!.GetValue<string>());

        // A per-request VisibilityTimeout of 0 makes it visible at once.
        await client.SqsOkAsync("DeleteMessage", Q(url, $$""","ReceiptHandle":"{{again["ReceiptHandle"]}}" """));
        await client.SqsOkAsync("SendMessage", Q(url, ""","MessageBody":"n" """));
        Assert.NotNull((await client.SqsOkAsync("ReceiveMessage", Q(url, ""","VisibilityTimeout":0""")))["Messages"]);
        Assert.NotNull((await client.SqsOkAsync("ReceiveMessage", Q(url)))["Messages"]);
    }

    [Fact(DisplayName = "SQS: a long poll returns as soon as an event arrives, not at WaitTimeSeconds")]
    public async Task LongPollReturnsEarly()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");

        var clock = Stopwatch.StartNew();
        var polling = client.SqsOkAsync("ReceiveMessage", Q(url, ""","WaitTimeSeconds":20"""));
        await Task.Delay(300);
        Assert.False(polling.IsCompleted);
        emulator.Scenario.RunTasks("c0", "fam0:1", "ci1");
        var received = await polling;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Single(received["Messages"]!.AsArray());
    }

    [Fact(DisplayName = "Events: RunTasks sends a RUNNING ECS Task State Change in EventBridge's envelope, the task as DescribeTasks has it, version 1, ISO times, no tags")]
    public async Task RunTasksEmitsRunning()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");
        Assert.Equal($"{emulator.Endpoint}123456789012/ecs-events", url);

        var arn = emulator.Scenario.RunTasks("c0", "fam0:1", "ci1").Single();
        var events = await DrainAsync(client, url);
        var envelope = Assert.Single(events);
        Assert.Equal("0", envelope["version"]!.GetValue<string>());
        Assert.Equal("ECS Task State Change", envelope["detail-type"]!.GetValue<string>());
        Assert.Equal("aws.ecs", envelope["source"]!.GetValue<string>());
        Assert.Equal("123456789012", envelope["account"]!.GetValue<string>());
        Assert.Equal("us-east-1", envelope["region"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", envelope["time"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f-]{36}$", envelope["id"]!.GetValue<string>());
        Assert.Equal(arn, envelope["resources"]!.AsArray().Single()!.GetValue<string>());

        var detail = envelope["detail"]!.AsObject();
        Assert.Equal(arn, detail["taskArn"]!.GetValue<string>());
        Assert.Equal("RUNNING", detail["lastStatus"]!.GetValue<string>());
        Assert.Equal("RUNNING", detail["desiredStatus"]!.GetValue<string>());
        Assert.Equal(1, detail["version"]!.GetValue<long>());
        Assert.False(detail.ContainsKey("tags"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", detail["updatedAt"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", detail["createdAt"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", detail["startedAt"]!.GetValue<string>());
        var binding = detail["containers"]!.AsArray().Single()!["networkBindings"]!.AsArray().Single()!;
        Assert.Equal(32768, binding["hostPort"]!.GetValue<long>());
        Assert.Contains(":container-instance/c0/ci1", detail["containerInstanceArn"]!.GetValue<string>());

        // DescribeTasks answers the same version, and the same fields but for tags and the timestamps' form.
        var described = (await client.EcsOkAsync("DescribeTasks", $$"""{"cluster":"c0","tasks":["{{arn}}"]}"""))["tasks"]!.AsArray().Single()!.AsObject();
        Assert.Equal(1, described["version"]!.GetValue<long>());
        Assert.Equal(
            described.Select(p => p.Key).Where(k => k != "tags").Order(StringComparer.Ordinal),
            detail.Select(p => p.Key).Where(k => k != "updatedAt").Order(StringComparer.Ordinal));
        Assert.Equal(
            described["containers"]!.ToJsonString(),
            detail["containers"]!.ToJsonString());
    }

    [Fact(DisplayName = "Events: UpdateTask sends version 2; RemoveTask sends STOPPED version 3 and the task is gone; StopTask keeps it STOPPED")]
    public async Task UpdateAndRemoveEmit()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");
        var scenario = emulator.Scenario;
        var arn = scenario.RunTasks("c0", "fam1:1").Single();
        await DrainAsync(client, url);

        Assert.True(scenario.UpdateTask("c0", arn, t => t["healthStatus"] = "UNHEALTHY"));
        var updated = Assert.Single(await DrainAsync(client, url))["detail"]!;
        Assert.Equal(2, updated["version"]!.GetValue<long>());
        Assert.Equal("UNHEALTHY", updated["healthStatus"]!.GetValue<string>());
        var described = (await client.EcsOkAsync("DescribeTasks", $$"""{"cluster":"c0","tasks":["{{arn}}"]}"""))["tasks"]!.AsArray().Single()!;
        Assert.Equal(2, described["version"]!.GetValue<long>());

        Assert.True(scenario.RemoveTask("c0", arn));
        var stopped = Assert.Single(await DrainAsync(client, url))["detail"]!;
        Assert.Equal("STOPPED", stopped["lastStatus"]!.GetValue<string>());
        Assert.Equal("STOPPED", stopped["desiredStatus"]!.GetValue<string>());
        Assert.Equal(3, stopped["version"]!.GetValue<long>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", stopped["stoppedAt"]!.GetValue<string>());
        Assert.DoesNotContain(arn, (await client.ListAllTasksAsync("c0")).Arns);
        var failures = await client.EcsOkAsync("DescribeTasks", $$"""{"cluster":"c0","tasks":["{{arn}}"]}""");
        Assert.Empty(failures["tasks"]!.AsArray());
        Assert.Equal("MISSING", failures["failures"]!.AsArray().Single()!["reason"]!.GetValue<string>());

        // StopTask: the STOPPED event, and DescribeTasks still answers the task, STOPPED.
        Assert.True(scenario.StopTask("c0", "t0"));
        var kept = Assert.Single(await DrainAsync(client, url))["detail"]!;
        Assert.Equal("STOPPED", kept["lastStatus"]!.GetValue<string>());
        var stillThere = (await client.EcsOkAsync("DescribeTasks", """{"cluster":"c0","tasks":["t0"]}"""))["tasks"]!.AsArray().Single()!;
        Assert.Equal("STOPPED", stillThere["lastStatus"]!.GetValue<string>());
        Assert.Equal(kept["version"]!.GetValue<long>(), stillThere["version"]!.GetValue<long>());
        Assert.Equal(2, emulator.Scenario.RecentEvents().Count(e => e.LastStatus == "STOPPED"));
    }

    [Fact(DisplayName = "Events: two subscribed queues each get every event; a queue of another region gets none; RemoveCluster stops every task")]
    public async Task TwoQueuesBothGetEvents()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var second = emulator.Scenario.AddEventQueue("second");
        var west = emulator.Scenario.Scope("123456789012", "eu-west-1").AddEventQueue("ecs-events");
        Assert.EndsWith("/123456789012/second", second, StringComparison.Ordinal);

        emulator.Scenario.RunTasks("c0", "fam0:1", "ci0", count: 2);
        var first = await DrainAsync(client, emulator.Scenario.QueueUrl("ecs-events"));
        var other = await DrainAsync(client, second);
        Assert.Equal(2, first.Count);
        Assert.Equal(
            first.Select(e => e["id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            other.Select(e => e["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        using var westClient = new EmulatorClient(emulator.Endpoint, region: "eu-west-1");
        Assert.Empty(await DrainAsync(westClient, west));

        Assert.True(emulator.Scenario.RemoveCluster("c0"));
        var stopped = await DrainAsync(client, second);
        Assert.Equal(4, stopped.Count);
        Assert.All(stopped, e => Assert.Equal("STOPPED", e["detail"]!["lastStatus"]!.GetValue<string>()));
    }

    [Fact(DisplayName = "Events: POST /_emulator/events/drop loses the next N events, counted; GET /_emulator/events lists them with times")]
    public async Task DropEvents()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (status, _) = await client.ControlAsync(HttpMethod.Post, "/_emulator/events/drop", """{"count":2}""");
        Assert.Equal(HttpStatusCode.NoContent, status);

        var arns = emulator.Scenario.RunTasks("c0", "fam0:1", "ci1", count: 3);
        var delivered = Assert.Single(await DrainAsync(client, emulator.Scenario.QueueUrl("ecs-events")));
        Assert.Equal(arns[2], delivered["detail"]!["taskArn"]!.GetValue<string>());

        var (_, log) = await client.ControlAsync(HttpMethod.Get, $"/_emulator/events?since={before}");
        Assert.Equal(3, log!["emitted"]!.GetValue<long>());
        Assert.Equal(2, log["dropped"]!.GetValue<long>());
        var recent = log["recent"]!.AsArray();
        Assert.Equal(arns, recent.Select(e => e!["taskArn"]!.GetValue<string>()));
        Assert.Equal([true, true, false], recent.Select(e => e!["dropped"]!.GetValue<bool>()));
        Assert.All(recent, e =>
        {
            Assert.Equal("RUNNING", e!["lastStatus"]!.GetValue<string>());
            Assert.Equal("c0", e["cluster"]!.GetValue<string>());
            Assert.Equal(1, e["version"]!.GetValue<long>());
            Assert.InRange(e["timeMs"]!.GetValue<long>(), before, before + 60_000);
            Assert.EndsWith("Z", e["time"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.Empty((await client.ControlAsync(HttpMethod.Get, $"/_emulator/events?since={DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds()}")).Body!["recent"]!.AsArray());
    }

    [Fact(DisplayName = "SQS: a denied queue answers 403 AccessDenied to every call until allowed; sqs:* faults work and are counted")]
    public async Task DenyAllowAndFaults()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/queues/deny", """{"queue":"ecs-events"}""")).Status);
        var (status, body, queryError) = await SendAsync(client.SqsAsync("ReceiveMessage", Q(url)));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("com.amazonaws.sqs#AccessDenied", body["__type"]!.GetValue<string>());
        Assert.Equal("AccessDenied;Sender", queryError);
        Assert.Contains("sqs:ReceiveMessage", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client.SqsAsync("GetQueueAttributes", Q(url)))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ControlAsync(HttpMethod.Post, "/_emulator/queues/deny", """{"queue":"nope"}""")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/queues/allow", """{"queue":"ecs-events"}""")).Status);
        await client.SqsOkAsync("ReceiveMessage", Q(url));
        emulator.Scenario.DenyQueue("ecs-events");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client.SqsAsync("DeleteMessage", Q(url, ""","ReceiptHandle":"x" """)))).Status);
        emulator.Scenario.AllowQueue("ecs-events");

        emulator.InjectFault(EmulatorFault.AccessDenied("sqs:*") with { Times = null });
        for (var i = 0; i < 2; i++)
        {
            var denied = await SendAsync(client.SqsAsync("ReceiveMessage", Q(url)));
            Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            Assert.Equal("com.amazonaws.sqs#AccessDenied", denied.Body["__type"]!.GetValue<string>());
            Assert.Equal("AccessDenied;Sender", denied.QueryError);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client.EcsAsync("ListClusters"))).Status);
        emulator.ClearFaults();
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await client.ControlAsync(HttpMethod.Post, "/_emulator/faults", """{"kind":"throttling","operation":"sqs:ReceiveMessage"}""")).Status);
        var throttled = await SendAsync(client.SqsAsync("ReceiveMessage", Q(url)));
        Assert.Equal("com.amazonaws.sqs#RequestThrottled", throttled.Body["__type"]!.GetValue<string>());
        await client.SqsOkAsync("ReceiveMessage", Q(url));
        Assert.Equal(6, emulator.CallCounts["sqs:ReceiveMessage"]);
    }

    [Fact(DisplayName = "SQS: a queue of another account or region is QueueDoesNotExist; bad parameters and unknown operations are refused")]
    public async Task QueueDoesNotExistAndBadRequests()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");
        using var west = new EmulatorClient(emulator.Endpoint, region: "eu-west-1");

        var (status, body, queryError) = await SendAsync(west.SqsAsync("ReceiveMessage", Q(url)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazonaws.sqs#QueueDoesNotExist", body["__type"]!.GetValue<string>());
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", queryError);
        Assert.Equal("com.amazonaws.sqs#QueueDoesNotExist", (await SendAsync(west.SqsAsync("GetQueueUrl", """{"QueueName":"ecs-events"}"""))).Body["__type"]!.GetValue<string>());
        using var otherAccount = new EmulatorClient(emulator.Endpoint, accessKey: "AKIDOTHER");
        emulator.Scenario.MapAccessKey("AKIDOTHER", "222222222222");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(otherAccount.SqsAsync("ReceiveMessage", Q(url)))).Status);
        Assert.Equal(1, emulator.CallCountsFor("123456789012", "eu-west-1")["sqs:ReceiveMessage"]);

        var tooMany = await SendAsync(client.SqsAsync("ReceiveMessage", Q(url, ""","MaxNumberOfMessages":11""")));
        Assert.Equal("com.amazonaws.sqs#InvalidParameterValue", tooMany.Body["__type"]!.GetValue<string>());
        Assert.Equal("com.amazonaws.sqs#InvalidParameterValue", (await SendAsync(client.SqsAsync("ReceiveMessage", Q(url, ""","WaitTimeSeconds":21""")))).Body["__type"]!.GetValue<string>());
        var unknown = await SendAsync(client.SqsAsync("DeleteQueue", Q(url)));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        Assert.Equal("com.amazonaws.sqs#AccessDenied", unknown.Body["__type"]!.GetValue<string>());
        Assert.Equal(1, emulator.CallCounts["sqs:DeleteQueue"]);
    }

    [Fact(DisplayName = "SQS: DeleteMessageBatch lists good handles as Successful and unknown ones as Failed ReceiptHandleIsInvalid; the queue's path also takes requests")]
    public async Task DeleteBatchAndQueuePath()
    {
        await using var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var url = emulator.Scenario.QueueUrl("ecs-events");
        emulator.Scenario.RunTasks("c0", "fam0:1", "ci1", count: 2);

        var messages = (await client.SqsOkAsync("ReceiveMessage", Q(url, ""","MaxNumberOfMessages":10""")))["Messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        var entries = new JsonArray(
            new JsonObject { ["Id"] = "a", ["ReceiptHandle"] = messages[0]!["ReceiptHandle"]!.GetValue<string>() },
            new JsonObject { ["Id"] = "b", ["ReceiptHandle"] = messages[1]!["ReceiptHandle"]!.GetValue<string>() },
            new JsonObject { ["Id"] = "c", ["ReceiptHandle"] = "bogus" });
        var result = await client.SqsOkAsync("DeleteMessageBatch", new JsonObject { ["QueueUrl"] = url, ["Entries"] = entries }.ToJsonString());
        Assert.Equal(["a", "b"], result["Successful"]!.AsArray().Select(e => e!["Id"]!.GetValue<string>()));
        var failed = result["Failed"]!.AsArray().Single()!;
        Assert.Equal("c", failed["Id"]!.GetValue<string>());
        Assert.Equal("ReceiptHandleIsInvalid", failed["Code"]!.GetValue<string>());
        Assert.True(failed["SenderFault"]!.GetValue<bool>());
        Assert.Equal(
            "com.amazonaws.sqs#EmptyBatchRequest",
            (await SendAsync(client.SqsAsync("DeleteMessageBatch", Q(url, ""","Entries":[]""")))).Body["__type"]!.GetValue<string>());

        // AWSSDK posts to the service root; a client may post to the queue URL's path instead.
        await client.SqsOkAsync("SendMessage", Q(url, ""","MessageBody":"x" """));
        using var response = await client.SqsAsync("ReceiveMessage", "{}", new Uri(url).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("x", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Messages"]![0]!["Body"]!.GetValue<string>());
    }

    [Fact(DisplayName = "Events: scenario eventQueues in a scopes entry create that account and region's queue at start")]
    public async Task ScopedEventQueues()
    {
        const string json = """
            {"region":"us-east-1","accessKeys":{"AKIDB":"222222222222"},
             "scopes":[{"account":"222222222222","region":"eu-west-1","eventQueues":["b-events"],
                        "taskDefinitions":[{"family":"f","revision":1,"networkMode":"awsvpc","containerDefinitions":[{"name":"app","portMappings":[{"containerPort":80}]}]}],
                        "clusters":[{"name":"b"}]}]}
            """;
        await using var emulator = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(json));
        using var client = new EmulatorClient(emulator.Endpoint, accessKey: "AKIDB", region: "eu-west-1");
        var url = (await client.SqsOkAsync("GetQueueUrl", """{"QueueName":"b-events"}"""))["QueueUrl"]!.GetValue<string>();
        Assert.Equal($"{emulator.Endpoint}222222222222/b-events", url);

        emulator.Scenario.Scope("222222222222", "eu-west-1").RunTasks("b", "f:1");
        var envelope = Assert.Single(await DrainAsync(client, url));
        Assert.Equal("222222222222", envelope["account"]!.GetValue<string>());
        Assert.Equal("eu-west-1", envelope["region"]!.GetValue<string>());
        Assert.Equal("FARGATE", envelope["detail"]!["launchType"]!.GetValue<string>());
        Assert.Throws<FormatException>(() => EmulatorScenario.Parse("""{"eventQueues":["bad name"]}"""));
    }

    [Fact(DisplayName = "Churn: POST /_emulator/churn replaces tasks at the rate asked, with STOPPED and RUNNING events; the task count stays")]
    public async Task Churn()
    {
        var json = WithEventQueue(ScenarioGenerator.Generate(
            new ScenarioGeneratorOptions { Tasks = 40, Families = 2, Instances = 4, FargatePercent = 50 }).Json, "ecs-events");
        await using var emulator = await StartAsync(json);
        using var client = new EmulatorClient(emulator.Endpoint);

        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/churn", """{"perMinute":600}""")).Status);
        await Task.Delay(1_250);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ControlAsync(HttpMethod.Post, "/_emulator/churn", """{"perMinute":0}""")).Status);
        var (_, state) = await client.ControlAsync(HttpMethod.Get, "/_emulator/churn");
        var replaced = state!["replaced"]!.GetValue<long>();
        Assert.InRange(replaced, 8, 25);
        Assert.Equal(0, state["failed"]!.GetValue<long>());
        Assert.Equal(0, state["perMinute"]!.GetValue<int>());

        var events = await DrainAsync(client, emulator.Scenario.QueueUrl("ecs-events"));
        Assert.Equal(replaced, events.Count(e => e["detail"]!["lastStatus"]!.GetValue<string>() == "STOPPED"));
        Assert.Equal(replaced, events.Count(e => e["detail"]!["lastStatus"]!.GetValue<string>() == "RUNNING"));
        var arns = (await client.ListAllTasksAsync("c0")).Arns;
        Assert.Equal(40, arns.Count);
        Assert.Equal(40, arns.Distinct().Count());
        Assert.Equal(replaced, emulator.ChurnReplaced);
    }

    [Fact(DisplayName = "SQS: a long poll in progress ends when the server stops")]
    public async Task LongPollEndsAtShutdown()
    {
        var emulator = await StartAsync();
        using var client = new EmulatorClient(emulator.Endpoint);
        var polling = client.SqsAsync("ReceiveMessage", Q(emulator.Scenario.QueueUrl("ecs-events"), ""","WaitTimeSeconds":20"""));
        await Task.Delay(200);
        var clock = Stopwatch.StartNew();
        await emulator.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"shutdown took {clock.Elapsed}");
        try
        {
            using var response = await polling;
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            // The connection closed with the server: the poll ended all the same.
        }
    }
}
