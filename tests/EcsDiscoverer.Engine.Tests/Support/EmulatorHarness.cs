using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Aws.Connection;
using EcsDiscoverer.Engine.Aws.Resilience;
using EcsDiscoverer.Engine.Discovery;
using EcsDiscoverer.Engine.Discovery.Caching;
using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>The emulator in-process on a free loopback port, and the production connection to it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(EcsEmulatorServer server, AwsConnection connection)
    {
        Server = server;
        Connection = connection;
    }

    public EcsEmulatorServer Server { get; }

    public AwsConnection Connection { get; }

    /// <summary>The caches and call statistics, as a PowerShell session would hold them.</summary>
    public DiscoverySession Session { get; private set; } = null!;

    public DiscoveryCaches Caches => Session.Caches;

    public static async Task<EmulatorHarness> StartAsync(string scenarioJson, RetrySettings? retry = null, ApiThrottle? throttle = null)
    {
        var server = await EcsEmulatorServer.StartAsync(EmulatorScenario.Parse(scenarioJson));
        var session = new DiscoverySession(server.Endpoint, "us-east-1");
        var connection = AwsConnection.Open(
            new AwsConnectionOptions { EndpointUrl = server.Endpoint.ToString(), Region = "us-east-1", AccessKey = "AKIDEXAMPLE", SecretKey = "secret" },
            retry ?? new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
            session.Calls,
            throttle);
        return new EmulatorHarness(server, connection) { Session = session };
    }

    /// <summary>A new engine on this harness's session, as each cmdlet call or loop round would create.</summary>
    public EcsDiscoveryEngine Engine(DiscoveryOptions? options = null, ApiThrottle? throttle = null) =>
        new(Connection.Ecs, Connection.Ec2, Caches, options ?? new DiscoveryOptions(), throttle);

    public Task<DiscoveryResult> DiscoverAsync(params string[] clusters) =>
        Engine().DiscoverAsync(new DiscoveryRequest { Clusters = clusters }, null, default);

    /// <summary>Forgets everything this process knows, as a new cron process would start.</summary>
    public void StartNewProcess()
    {
        Session.Dispose();
        Session = new DiscoverySession(Server.Endpoint, "us-east-1");
    }

    /// <summary>Calls per operation since the last reset, with absent operations as 0.</summary>
    public int Calls(string operation) => Server.CallCounts.TryGetValue(operation, out var n) ? n : 0;

    public IReadOnlyDictionary<string, int> AllCalls => Server.CallCounts;

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        Session.Dispose();
        await Server.DisposeAsync();
    }
}
