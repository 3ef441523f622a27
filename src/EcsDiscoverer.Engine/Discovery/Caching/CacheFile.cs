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
/// calls of a warm loop round. The file has one section per account-region (session) of the run, each two lines: a
/// header naming the format, the endpoint, region and principal the caches belong to, and the SHA-256 of the second
/// line, the caches as JSON. A section that is truncated, edited or written for another scope is ignored, so the file
/// can cost a cold round but never a wrong target.
/// </summary>
internal sealed class CacheFile
{
    /// <summary>The format written.</summary>
    // 2: the EC2 instances' facts (addresses of both families, type, public IP, subnet, tags) replace their private IPv4.
    // 3: one section per account-region; a file of format 2 is read as one section.
    public const string Format = "ecs-discoverer-cache/3";

    private const string SingleSectionFormat = "ecs-discoverer-cache/2";

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
    public void LoadOnceInto(DiscoverySession session, Action<string> verbose, Action<string> warning) =>
        LoadOnceInto(new[] { session ?? throw new ArgumentNullException(nameof(session)) }, verbose, warning);

    /// <summary>Reads each session's section into its caches, once per session (see the single-session overload).</summary>
    public void LoadOnceInto(IReadOnlyList<DiscoverySession> sessions, Action<string> verbose, Action<string> warning)
    {
        if (sessions is null)
        {
            throw new ArgumentNullException(nameof(sessions));
        }

        var pending = sessions.Where(s => s.MarkCacheFileLoaded(Path)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var read = Read();
        foreach (var session in pending)
        {
            var load = read.Bytes is null ? read.Failure! : LoadInto(read.Bytes, session, sessions.Count > 1);
            (load.Status == CacheFileStatus.Loaded ? verbose : warning)?.Invoke(load.Message);
            if (read.Bytes is null)
            {
                // One sentence about a missing or unreadable file is enough, however many scopes the run has.
                return;
            }
        }
    }

    /// <summary>
    /// Saves the session's caches; a failure only costs the next process a cold start, so it goes to
    /// <paramref name="warning"/> instead of failing the run.
    /// </summary>
    public void SaveOrWarn(DiscoverySession session, Action<string> warning) =>
        SaveOrWarn(new[] { session ?? throw new ArgumentNullException(nameof(session)) }, warning);

    /// <summary>Saves every session's caches, one section each (see the single-session overload).</summary>
    public void SaveOrWarn(IReadOnlyList<DiscoverySession> sessions, Action<string> warning)
    {
        try
        {
            Save(sessions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warning?.Invoke($"The cache file {Path} could not be written: {WriteFaultAdvice.DescribeFile(ex, Path)} It keeps its previous content; a new process may start cold.");
        }
    }

    /// <summary>Reads the session's section into its caches; never throws for a bad or missing file.</summary>
    public CacheFileLoad LoadInto(DiscoverySession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        var read = Read();
        return read.Bytes is null ? read.Failure! : LoadInto(read.Bytes, session, false);
    }

    /// <summary>Writes one session's caches (see <see cref="Save(IReadOnlyList{DiscoverySession})"/>).</summary>
    public void Save(DiscoverySession session) => Save(new[] { session ?? throw new ArgumentNullException(nameof(session)) });

    /// <summary>
    /// Writes the sessions' caches atomically, one section each, with mode 0600 whatever the umask: the task
    /// definitions in it carry their containers' environment variables, which may hold secrets.
    /// </summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not writable.</exception>
    public void Save(IReadOnlyList<DiscoverySession> sessions)
    {
        if (sessions is null)
        {
            throw new ArgumentNullException(nameof(sessions));
        }

        using var content = new MemoryStream();
        foreach (var session in sessions.GroupBy(s => s.Scope, StringComparer.Ordinal).Select(g => g.First()))
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(Capture(session.Caches), EcsWireFormat.Options);
            var header = JsonSerializer.SerializeToUtf8Bytes(
                new Header { Format = Format, Scope = session.Scope, Sha256 = Hash(payload), SavedAt = DateTimeOffset.UtcNow },
                EcsWireFormat.Options);
            content.Write(header, 0, header.Length);
            content.WriteByte((byte)'\n');
            content.Write(payload, 0, payload.Length);
            content.WriteByte((byte)'\n');
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFileWriter.Write(Path, content.ToArray(), FileModes.Private);
    }

    /// <summary>Checks and decodes the section of <paramref name="scope"/>; the payload is null when it must be ignored.</summary>
    internal static (CacheFileStatus Status, string Problem, Payload? Payload) Parse(byte[] bytes, string scope)
    {
        var lines = Lines(bytes);
        if (lines.Count < 2)
        {
            return (CacheFileStatus.Corrupt, lines.Count == 0 ? "it has no header line" : "it has a header but no caches (truncated?)", null);
        }

        var written = new List<string?>();
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            Header? header;
            try
            {
                header = JsonSerializer.Deserialize<Header>(lines[i].AsSpan(), EcsWireFormat.Options);
            }
            catch (JsonException)
            {
                return (CacheFileStatus.Corrupt, i == 0 ? "its header is not JSON (is it an EcsDiscoverer cache file?)" : "a section header is not JSON (edited?)", null);
            }

            if (header?.Format != Format && !(i == 0 && header?.Format == SingleSectionFormat))
            {
                return (CacheFileStatus.Foreign, $"it has format '{header?.Format}', not '{Format}'", null);
            }

            written.Add(header.Scope);
            if (!string.Equals(header.Scope, scope, StringComparison.Ordinal))
            {
                continue;
            }

            var payloadBytes = lines[i + 1].ToArray();
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

        return (CacheFileStatus.Foreign, $"it was written for {string.Join(" and ", written.Select(Describe))}, not {Describe(scope)}", null);
    }

    // A section's payload is one line: compact JSON escapes every newline inside strings. A file of format 2 has
    // one payload that may not end with a newline.
    private static List<ArraySegment<byte>> Lines(byte[] bytes)
    {
        var lines = new List<ArraySegment<byte>>();
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            lines.Add(new ArraySegment<byte>(bytes, start, end - start));
            start = end + 1;
        }

        return lines;
    }

    private (byte[]? Bytes, CacheFileLoad? Failure) Read()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return (null, new CacheFileLoad(CacheFileStatus.Missing, $"The cache file {Path} does not exist yet; this run starts cold and creates it."));
            }

            return (File.ReadAllBytes(Path), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new CacheFileLoad(CacheFileStatus.Corrupt, $"The cache file {Path} could not be read ({ex.Message}); this run starts cold."));
        }
    }

    private CacheFileLoad LoadInto(byte[] bytes, DiscoverySession session, bool nameScope)
    {
        var (status, problem, payload) = Parse(bytes, session.Scope);
        var section = nameScope ? $" (section {Describe(session.Scope)})" : "";
        if (payload is null)
        {
            return new CacheFileLoad(status, $"The cache file {Path}{section} was ignored: {problem}. This run starts cold{(nameScope ? " there" : "")} and rewrites it.");
        }

        Apply(payload, session.Caches);
        return new CacheFileLoad(
            CacheFileStatus.Loaded,
            $"Loaded the cache file {Path}{section}: {session.Caches.TaskDefinitions.Count} task definition(s), {session.Caches.Tasks.Statistic().Entries} task(s) in {session.Caches.Tasks.Clusters.Count} cluster(s).");
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
        return parts.Length switch
        {
            2 => $"region {parts[1]} at {parts[0]}",
            3 => $"region {parts[1]} at {parts[0]} as {parts[2]}",
            _ => $"'{scope}'",
        };
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
