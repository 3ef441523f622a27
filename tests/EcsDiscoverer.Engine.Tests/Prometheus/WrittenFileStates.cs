using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EcsDiscoverer.Engine.Tests.Prometheus;

/// <summary>
/// Every version of each output file that was on disk, as the target keys Prometheus should show for it.
/// Captured after every round: a round replaces each file at most once, so no version is missed.
/// </summary>
internal sealed class WrittenFileStates
{
    private readonly string _directory;
    private readonly Dictionary<string, List<string>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _lastContent = new(StringComparer.Ordinal);

    public WrittenFileStates(string directory)
    {
        _directory = directory;
        foreach (var file in PrometheusConfig.OutputFiles)
        {
            // Before the first write there is no file: Prometheus shows no targets for the job.
            _versions[PrometheusConfig.JobName(file)] = new List<string> { "" };
        }
    }

    /// <summary>How many times a file's content changed after its first version.</summary>
    public int Rewrites { get; private set; }

    /// <summary>How many file versions were seen, the initial "no file" excluded.</summary>
    public int Versions { get; private set; }

    /// <summary>The distinct states of the job's file.</summary>
    public IReadOnlyList<string> StatesOf(string pool) => _versions.TryGetValue(pool, out var states) ? states.Distinct().ToList() : Array.Empty<string>();

    /// <summary>Reads the files as they are now and records any that changed.</summary>
    public void Capture()
    {
        lock (_versions)
        {
            foreach (var file in PrometheusConfig.OutputFiles)
            {
                var path = Path.Combine(_directory, file);
                if (!File.Exists(path))
                {
                    continue;
                }

                var content = File.ReadAllBytes(path);
                if (_lastContent.TryGetValue(file, out var last) && last.AsSpan().SequenceEqual(content))
                {
                    continue;
                }

                Rewrites += last is null ? 0 : 1;
                Versions++;
                _lastContent[file] = content;
                var pool = PrometheusConfig.JobName(file);
                _versions[pool].Add(State(ExpectedTargets.FromFile(pool, content).Select(t => t.Key)));
            }
        }
    }

    /// <summary>True when <paramref name="keys"/> (one job's targets in Prometheus) equal a version of that job's file.</summary>
    public bool WasWritten(string pool, IEnumerable<string> keys)
    {
        lock (_versions)
        {
            return _versions.TryGetValue(pool, out var states) && states.Contains(State(keys), StringComparer.Ordinal);
        }
    }

    /// <summary>One state as text: its sorted distinct keys.</summary>
    public static string State(IEnumerable<string> keys) =>
        string.Join("\n", keys.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal));
}
