using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcsDiscoverer.Engine.Aws.Ec2;
using EcsDiscoverer.Engine.Aws.Ecs;
using EcsDiscoverer.Engine.Aws.Ecs.Model;
using EcsDiscoverer.Engine.Output;
using EcsDiscoverer.Engine.DurableFiles;

namespace EcsDiscoverer.Engine.Discovery.Caching;

/// <summary>
/// The caches kept in a file between processes (cron, scheduled tasks), so that a run in a new process makes the
/// calls of a warm loop round. The first line is a header naming the format, the endpoint and region the caches
/// belong to, and the SHA-256 of the rest; a file that is truncated, edited or written for another endpoint is
/// ignored, so the file can cost a cold round but never a wrong target.
/// </summary>
internal sealed class CacheFile
{
    /// <summary>The format written and the only one read.</summary>
    // 2: the EC2 instances' facts (addresses of both families, type, public IP, subnet, tags) replace their private IPv4.
    public const string Format = "ecs-discoverer-cache/2";

    /// <summary>Creates a cache file at <paramref name="path"/> (a full path).</summary>
    public CacheFile(string path)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>
    /// Reads the file into the session's caches unless this session already did, so that a long interactive session
    /// does not merge an older file over what it has learnt since. A loaded file is reported to
    /// <paramref name="verbose"/>, a missing or ignored one to <paramref name="warning"/>.
    /// </summary>
    public void LoadOnceInto(DiscoverySession session, Action<string> verbose, Action<string> warning)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (!session.MarkCacheFileLoaded(Path))
        {
            return;
        }

        var load = LoadInto(session);
        (load.Status == CacheFileStatus.Loaded ? verbose : warning)?.Invoke(load.Message);
    }

    /// <summary>
    /// Saves the session's caches; a failure only costs the next process a cold start, so it goes to
    /// <paramref name="warning"/> instead of failing the run.
    /// </summary>
    public void SaveOrWarn(DiscoverySession session, Action<string> warning)
    {
        try
        {
            Save(session);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warning?.Invoke($"The cache file {Path} could not be written: {WriteFaultAdvice.DescribeFile(ex, Path)} It keeps its previous content; a new process may start cold.");
        }
    }

    /// <summary>Reads the file into the session's caches; never throws for a bad or missing file.</summary>
    public CacheFileLoad LoadInto(DiscoverySession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        byte[] bytes;
        try
        {
            if (!File.Exists(Path))
            {
                return new CacheFileLoad(CacheFileStatus.Missing, $"The cache file {Path} does not exist yet; this run starts cold and creates it.");
            }

            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CacheFileLoad(CacheFileStatus.Corrupt, $"The cache file {Path} could not be read ({ex.Message}); this run starts cold.");
        }

        var (status, problem, payload) = Parse(bytes, session.Scope);
        if (payload is null)
        {
            return new CacheFileLoad(status, $"The cache file {Path} was ignored: {problem}. This run starts cold and rewrites it.");
        }

        Apply(payload, session.Caches);
        return new CacheFileLoad(
            CacheFileStatus.Loaded,
            $"Loaded the cache file {Path}: {session.Caches.TaskDefinitions.Count} task definition(s), {session.Caches.Tasks.Statistic().Entries} task(s) in {session.Caches.Tasks.Clusters.Count} cluster(s).");
    }

    /// <summary>
    /// Writes the session's caches atomically, with mode 0600 whatever the umask: the task definitions in it carry
    /// their containers' environment variables, which may hold secrets.
    /// </summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not writable.</exception>
    public void Save(DiscoverySession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(Capture(session.Caches), EcsWireFormat.Options);
        var header = JsonSerializer.SerializeToUtf8Bytes(
            new Header { Format = Format, Scope = session.Scope, Sha256 = Hash(payload), SavedAt = DateTimeOffset.UtcNow },
            EcsWireFormat.Options);
        var content = new byte[header.Length + 1 + payload.Length];
        header.CopyTo(content, 0);
        content[header.Length] = (byte)'\n';
        payload.CopyTo(content, header.Length + 1);

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFileWriter.Write(Path, content, FileModes.Private);
    }

    /// <summary>Checks and decodes a file's bytes; the payload is null when the file must be ignored.</summary>
    internal static (CacheFileStatus Status, string Problem, Payload? Payload) Parse(byte[] bytes, string scope)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0)
        {
            return (CacheFileStatus.Corrupt, "it has no header line", null);
        }

        Header? header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(new ReadOnlySpan<byte>(bytes, 0, newline), EcsWireFormat.Options);
        }
        catch (JsonException)
        {
            return (CacheFileStatus.Corrupt, "its header is not JSON (is it an EcsDiscoverer cache file?)", null);
        }

        if (header?.Format != Format)
        {
            return (CacheFileStatus.Foreign, $"it has format '{header?.Format}', not '{Format}'", null);
        }

        if (!string.Equals(header.Scope, scope, StringComparison.Ordinal))
        {
            return (CacheFileStatus.Foreign, $"it was written for {Describe(header.Scope)}, not {Describe(scope)}", null);
        }

        var payloadBytes = new byte[bytes.Length - newline - 1];
        Array.Copy(bytes, newline + 1, payloadBytes, 0, payloadBytes.Length);
        if (!string.Equals(header.Sha256, Hash(payloadBytes), StringComparison.Ordinal))
        {
            return (CacheFileStatus.Corrupt, "its checksum does not match (truncated or edited)", null);
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(payloadBytes, EcsWireFormat.Options);
            return payload is null
                ? (CacheFileStatus.Corrupt, "it is empty", null)
                : (CacheFileStatus.Loaded, "", payload);
        }
        catch (JsonException ex)
        {
            return (CacheFileStatus.Corrupt, "its content is not valid: " + ex.Message, null);
        }
    }

    private static Payload Capture(DiscoveryCaches caches) => new()
    {
        TaskDefinitions = caches.TaskDefinitions.Snapshot().Select(e => e.Value).ToList(),
        ContainerInstances = caches.Ec2InstanceIds.Snapshot().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        Instances = caches.Hosts.Snapshot().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        Clusters = caches.Tasks.Clusters.OrderBy(c => c.Cluster, StringComparer.Ordinal).Select(c => new ClusterEntry
        {
            Name = c.Cluster,
            SeenAt = c.SeenAt,
            Tasks = c.CompleteTasks.Values.ToList(),
            TaskDefinitionArns = c.TaskDefinitionArns.ToList(),
            ContainerInstanceArns = c.ContainerInstanceArns.ToList(),
            InstanceIds = c.InstanceIds.ToList(),
        }).ToList(),
    };

    private static void Apply(Payload payload, DiscoveryCaches caches)
    {
        // Entries without their keys are dropped one by one: they cannot be looked up, so they cannot mislead.
        foreach (var definition in (payload.TaskDefinitions ?? new()).Where(d => !string.IsNullOrEmpty(d?.TaskDefinitionArn)))
        {
            caches.TaskDefinitions.Set(definition.TaskDefinitionArn!, definition);
        }

        foreach (var pair in (payload.ContainerInstances ?? new()).Where(p => !string.IsNullOrEmpty(p.Value)))
        {
            caches.Ec2InstanceIds.Set(pair.Key, pair.Value);
        }

        foreach (var pair in (payload.Instances ?? new()).Where(p => p.Value is { HasAddress: true }))
        {
            caches.Hosts.Set(pair.Key, pair.Value);
        }

        var clusters = (payload.Clusters ?? new()).Where(c => !string.IsNullOrEmpty(c?.Name)).ToList();
        foreach (var cluster in clusters)
        {
            var tasks = (cluster.Tasks ?? new())
                .Where(t => !string.IsNullOrEmpty(t?.TaskArn) && t!.LastStatus == "RUNNING")
                .GroupBy(t => t.TaskArn!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            caches.Tasks.Update(new ClusterTaskSet(
                cluster.Name!,
                cluster.SeenAt,
                tasks,
                cluster.TaskDefinitionArns ?? new(),
                cluster.ContainerInstanceArns ?? new(),
                cluster.InstanceIds ?? new()));
        }

        if (clusters.Count > 0)
        {
            caches.IsWarm = true;
        }
    }

    private static string Hash(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", "").ToLowerInvariant();
    }

    private static string Describe(string? scope)
    {
        var parts = (scope ?? "").Split('|');
        return parts.Length == 2 ? $"region {parts[1]} at {parts[0]}" : $"'{scope}'";
    }

    internal sealed class Header
    {
        public string? Format { get; set; }

        public string? Scope { get; set; }

        public string? Sha256 { get; set; }

        public DateTimeOffset SavedAt { get; set; }
    }

    internal sealed class Payload
    {
        public List<EcsTaskDefinition> TaskDefinitions { get; set; } = new();

        public Dictionary<string, string> ContainerInstances { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, Ec2HostFacts> Instances { get; set; } = new(StringComparer.Ordinal);

        public List<ClusterEntry> Clusters { get; set; } = new();
    }

    internal sealed class ClusterEntry
    {
        public string? Name { get; set; }

        public DateTimeOffset SeenAt { get; set; }

        public List<EcsTask> Tasks { get; set; } = new();

        public List<string> TaskDefinitionArns { get; set; } = new();

        public List<string> ContainerInstanceArns { get; set; } = new();

        public List<string> InstanceIds { get; set; } = new();
    }
}
