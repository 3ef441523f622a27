using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Emulator;

/// <summary>
/// Raw HTTP to the emulator, as another process (Pester, boto3) would send it: ECS JSON 1.1,
/// EC2 query forms with a dummy SigV4 header, and the <c>/_emulator/</c> control endpoints.
/// </summary>
internal sealed class EmulatorClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _accessKey;
    private readonly string _region;
    private readonly string? _sessionToken;

    /// <summary>A client signing as <paramref name="accessKey"/> for <paramref name="region"/>: the account and region the emulator serves it from.</summary>
    public EmulatorClient(Uri endpoint, string accessKey = "AKIDEXAMPLE", string region = "us-east-1", string? sessionToken = null)
    {
        _http = new HttpClient { BaseAddress = endpoint };
        _accessKey = accessKey;
        _region = region;
        _sessionToken = sessionToken;
    }

    private void Sign(HttpRequestMessage request, string service)
    {
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={_accessKey}/20250101/{_region}/{service}/aws4_request, SignedHeaders=host, Signature=0");
        if (_sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", _sessionToken);
        }
    }

    public async Task<HttpResponseMessage> EcsAsync(string operation, string json = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
        Sign(request, "ecs");
        return await _http.SendAsync(request);
    }

    /// <summary>An ECS call that must succeed; its response body.</summary>
    public async Task<JsonObject> EcsOkAsync(string operation, string json = "{}")
    {
        using var response = await EcsAsync(operation, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    /// <summary>An SQS JSON 1.0 request, as AWSSDK.SQS 4.x sends it: <c>X-Amz-Target: AmazonSQS.&lt;Operation&gt;</c>, posted to <paramref name="path"/>.</summary>
    public async Task<HttpResponseMessage> SqsAsync(string operation, string json = "{}", string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + operation);
        Sign(request, "sqs");
        return await _http.SendAsync(request);
    }

    /// <summary>An SQS call that must succeed; its response body.</summary>
    public async Task<JsonObject> SqsOkAsync(string operation, string json = "{}")
    {
        using var response = await SqsAsync(operation, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    public Task<HttpResponseMessage> DescribeInstancesAsync() => Ec2Async("DescribeInstances");

    /// <summary>An EC2 query request: <paramref name="action"/> with extra form fields, e.g. <c>("InstanceId.1", "i-1")</c>.</summary>
    public async Task<HttpResponseMessage> Ec2Async(string action, params (string Name, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["Action"] = action, ["Version"] = "2016-11-15" };
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(form),
        };
        Sign(request, "ec2");
        return await _http.SendAsync(request);
    }

    /// <summary>Every RUNNING task ARN of a cluster, following nextToken; counts the pages.</summary>
    public async Task<(List<string> Arns, int Pages)> ListAllTasksAsync(string cluster, string desiredStatus = "RUNNING")
    {
        var arns = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var request = new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = desiredStatus, ["maxResults"] = 100 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await EcsOkAsync("ListTasks", request.ToJsonString());
            pages++;
            foreach (var arn in page["taskArns"]!.AsArray())
            {
                arns.Add(arn!.GetValue<string>());
            }

            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return (arns, pages);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> ControlAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public void Dispose() => _http.Dispose();
}
