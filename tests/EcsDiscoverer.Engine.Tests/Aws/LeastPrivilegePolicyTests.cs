using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EcsDiscoverer.Emulator;
using EcsDiscoverer.Engine.Tests.Faults;
using EcsDiscoverer.Engine.Tests.Support;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

/// <summary>
/// Issue 4 (security, least privilege): the README's policy, the deploy policy, the help topics and the emulator's
/// allowed actions are one set, and a full discovery calls exactly that set.
/// </summary>
public class LeastPrivilegePolicyTests
{
    private static readonly string[] Expected =
    [
        "ec2:DescribeInstances", "ecs:DescribeContainerInstances", "ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:ListClusters", "ecs:ListTasks",
    ];

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "README.md")) && Directory.Exists(Path.Combine(directory.FullName, "src")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    private static string[] PolicyActions(string json) =>
        JsonNode.Parse(json)!["Statement"]!.AsArray().SelectMany(s => s!["Action"]!.AsArray().Select(a => a!.GetValue<string>())).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The JSON block after a markdown heading.</summary>
    private static string JsonBlockAfter(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{heading}' not found");
        var match = Regex.Match(markdown[start..], "```json\\s*\\n(.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"no JSON block after '{heading}'");
        return match.Groups[1].Value;
    }

    /// <summary>The actions a sentence of prose names (ecs:X, ec2:Y), after <paramref name="lead"/> up to the next full stop.</summary>
    private static string[] ProseActions(string markdown, string lead)
    {
        var start = markdown.IndexOf(lead, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{lead}' not found");
        var sentence = markdown[start..markdown.IndexOf(". ", start, StringComparison.Ordinal)];
        return Regex.Matches(sentence, @"\b(?:ecs|ec2):[A-Za-z]+").Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();
    }

    public static TheoryData<string> Sources() => new()
    {
        "README.md policy",
        "docs/deploy/task-role-policy.json",
        "about_EcsDiscoverer policy",
        "about_EcsDiscoverer list",
        "Get-EcsPrometheusTarget list",
        "emulator allowed actions",
    };

    [Theory(DisplayName = "Least privilege: every place that states the policy states the same six actions")]
    [MemberData(nameof(Sources))]
    public void PolicyIsOneSet(string source)
    {
        var actions = source switch
        {
            "README.md policy" => PolicyActions(JsonBlockAfter(File.ReadAllText(RepositoryFile("README.md")), "### Least-privilege IAM policy")),
            "docs/deploy/task-role-policy.json" => PolicyActions(File.ReadAllText(RepositoryFile("docs/deploy/task-role-policy.json"))),
            "about_EcsDiscoverer policy" => PolicyActions(JsonBlockAfter(File.ReadAllText(RepositoryFile("docs/help/about_EcsDiscoverer.md")), "### IAM permissions")),
            "about_EcsDiscoverer list" => ProseActions(File.ReadAllText(RepositoryFile("docs/help/about_EcsDiscoverer.md")), "EcsDiscoverer needs only these read-only actions"),
            "Get-EcsPrometheusTarget list" => ProseActions(File.ReadAllText(RepositoryFile("docs/help/Get-EcsPrometheusTarget.md")), "The command needs these read-only IAM permissions"),
            _ => EcsEmulatorServer.AllowedActions.Order(StringComparer.Ordinal).ToArray(),
        };
        Assert.Equal(Expected, actions);
    }

    [Fact(DisplayName = "Least privilege: a cold discovery of all clusters (EC2 and Fargate) calls exactly the policy's actions")]
    public async Task FullRunCallsExactlyThePolicy()
    {
        await using var harness = await EmulatorHarness.StartAsync(FaultScenario.Json, FaultScenario.Retry);
        var result = await harness.DiscoverAsync();
        Assert.Empty(result.Failures);
        Assert.Contains(result.Targets, t => t.LaunchType == "EC2");
        Assert.Contains(result.Targets, t => t.LaunchType == "FARGATE");
        Assert.Equal(Expected, harness.AllCalls.Where(c => c.Value > 0).Select(c => c.Key).Order(StringComparer.Ordinal));
    }
}
