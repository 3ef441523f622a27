// Compiled by Invoke-EventBenchmark.ps1 (Add-Type): follows the emulator's task events and the loop's files on a
// thread of its own, so that sampling a file of several MB every 100 ms costs one stat when it did not change.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;

namespace EcsDiscoverer.Benchmarks
{
    /// <summary>The latencies measured for one loop: from each task event's emission to the files showing it.</summary>
    public sealed class LoopLatency
    {
        public string Name = "";
        public string FilePath = "";
        public string Endpoint = "";
        public List<double> StartMs = new List<double>();
        public List<double> StopMs = new List<double>();
        public int StartEvents;
        public int StopEvents;
        public int DroppedEvents;
        public int OtherEvents;
        // A start whose task was stopped (by the churn) before any file showed it.
        public int StoppedBeforeAppearing;
        // A stop whose task no file showed when the stop was emitted (it never appeared).
        public int AbsentWhenStopped;
        public int StartsNeverSeen;
        public int StopsNeverSeen;
        public List<string> NeverSeenSamples = new List<string>();
        public int FileVersions;
        public int FileReads;
        public long FileBytes;
        public int Targets;
        public string LastError = "";

        internal readonly List<Watch> Pending = new List<Watch>();
        internal readonly HashSet<string> SeenEvents = new HashSet<string>(StringComparer.Ordinal);
        internal HashSet<string> Arns = new HashSet<string>(StringComparer.Ordinal);
        internal long VersionMs;
        internal DateTime LastWrite;
        internal long LastLength = -1;
        internal long SinceMs;

        public int PendingCount { get { lock (Pending) { return Pending.Count; } } }
    }

    internal sealed class Watch
    {
        public string Arn = "";
        public long EventMs;
        public bool IsStart;
    }

    public sealed class EventLatencyTracker : IDisposable
    {
        private const string Marker = "\"__meta_ecs_task_arn\"";
        private readonly List<LoopLatency> _loops = new List<LoopLatency>();
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        private readonly int _sampleMs;
        private readonly int _eventPollMs;
        private Thread _thread;
        private volatile bool _stop;

        public EventLatencyTracker(int sampleMs, int eventPollMs)
        {
            _sampleMs = sampleMs;
            _eventPollMs = eventPollMs;
        }

        public IReadOnlyList<LoopLatency> Loops => _loops;

        /// <summary>Follows the events of <paramref name="endpoint"/> emitted from <paramref name="sinceMs"/> on.</summary>
        public LoopLatency Add(string name, string filePath, string endpoint, long sinceMs)
        {
            var loop = new LoopLatency { Name = name, FilePath = filePath, Endpoint = endpoint.TrimEnd('/'), SinceMs = sinceMs };
            _loops.Add(loop);
            return loop;
        }

        public void Start()
        {
            foreach (var loop in _loops) { Sample(loop); }
            _thread = new Thread(Run) { IsBackground = true, Name = "event-latency" };
            _thread.Start();
        }

        /// <summary>Stops following; what is still pending counts as never seen.</summary>
        public void Stop()
        {
            _stop = true;
            if (_thread != null) _thread.Join(TimeSpan.FromSeconds(30));
            foreach (var loop in _loops)
            {
                lock (loop.Pending)
                {
                    foreach (var watch in loop.Pending)
                    {
                        if (watch.IsStart) { loop.StartsNeverSeen++; } else { loop.StopsNeverSeen++; }
                        if (loop.NeverSeenSamples.Count < 10) { loop.NeverSeenSamples.Add((watch.IsStart ? "start " : "stop ") + watch.Arn); }
                    }
                    loop.Pending.Clear();
                }
            }
        }

        public void Dispose()
        {
            _stop = true;
            _http.Dispose();
        }

        private void Run()
        {
            var lastPoll = DateTime.MinValue;
            while (!_stop)
            {
                var tick = DateTime.UtcNow;
                foreach (var loop in _loops)
                {
                    try
                    {
                        Sample(loop);
                        if ((tick - lastPoll).TotalMilliseconds >= _eventPollMs) { PollEvents(loop); }
                    }
                    catch (Exception e)
                    {
                        loop.LastError = e.GetType().Name + ": " + e.Message;
                    }
                }
                if ((tick - lastPoll).TotalMilliseconds >= _eventPollMs) { lastPoll = tick; }
                var wait = _sampleMs - (int)(DateTime.UtcNow - tick).TotalMilliseconds;
                if (wait > 0) { Thread.Sleep(wait); }
            }
        }

        // Reads the file again only when its size or modification time changed; a version's time is its mtime (the
        // loop writes a temporary file and renames it, so the mtime is when that version was written).
        private void Sample(LoopLatency loop)
        {
            var info = new FileInfo(loop.FilePath);
            if (!info.Exists) { return; }
            var write = info.LastWriteTimeUtc;
            if (write == loop.LastWrite && info.Length == loop.LastLength) { return; }
            string text;
            try { text = File.ReadAllText(loop.FilePath); }
            catch (IOException) { return; }
            loop.FileReads++;
            // The file may have been replaced between the stat and the read: take the time of what was read.
            info.Refresh();
            var arns = new HashSet<string>(StringComparer.Ordinal);
            var at = 0;
            while ((at = text.IndexOf(Marker, at, StringComparison.Ordinal)) >= 0)
            {
                at += Marker.Length;
                var open = text.IndexOf('"', at);
                if (open < 0) { break; }
                var close = text.IndexOf('"', open + 1);
                if (close < 0) { break; }
                arns.Add(text.Substring(open + 1, close - open - 1));
                at = close + 1;
            }
            loop.LastWrite = info.LastWriteTimeUtc;
            loop.LastLength = info.Length;
            loop.Arns = arns;
            loop.VersionMs = new DateTimeOffset(loop.LastWrite, TimeSpan.Zero).ToUnixTimeMilliseconds();
            loop.FileVersions++;
            loop.FileBytes = text.Length;
            loop.Targets = arns.Count;
            Resolve(loop);
        }

        private void PollEvents(LoopLatency loop)
        {
            var json = _http.GetStringAsync(loop.Endpoint + "/_emulator/events?since=" + loop.SinceMs).GetAwaiter().GetResult();
            using var document = JsonDocument.Parse(json);
            var newest = loop.SinceMs;
            lock (loop.Pending)
            {
                foreach (var record in document.RootElement.GetProperty("recent").EnumerateArray())
                {
                    var timeMs = record.GetProperty("timeMs").GetInt64();
                    if (timeMs < loop.SinceMs) { continue; }
                    var arn = record.GetProperty("taskArn").GetString() ?? "";
                    var status = record.GetProperty("lastStatus").GetString() ?? "";
                    var key = arn + "|" + record.GetProperty("version").ToString() + "|" + status;
                    newest = Math.Max(newest, timeMs);
                    if (!loop.SeenEvents.Add(key)) { continue; }
                    if (record.TryGetProperty("dropped", out var dropped) && dropped.ValueKind == JsonValueKind.True) { loop.DroppedEvents++; continue; }
                    if (status == "RUNNING")
                    {
                        loop.StartEvents++;
                        loop.Pending.Add(new Watch { Arn = arn, EventMs = timeMs, IsStart = true });
                    }
                    else if (status == "STOPPED")
                    {
                        loop.StopEvents++;
                        // A start of the same task still waiting: it was stopped before any file showed it.
                        var removed = loop.Pending.RemoveAll(w => w.IsStart && w.Arn == arn);
                        if (removed > 0)
                        {
                            loop.StoppedBeforeAppearing += removed;
                            continue;
                        }
                        loop.Pending.Add(new Watch { Arn = arn, EventMs = timeMs, IsStart = false });
                    }
                    else { loop.OtherEvents++; }
                }
            }
            // The same millisecond may hold events not yet listed: ask from it again (they are told apart by key).
            loop.SinceMs = newest;
            Resolve(loop);
        }

        private static void Resolve(LoopLatency loop)
        {
            lock (loop.Pending)
            {
                loop.Pending.RemoveAll(watch =>
                {
                    var shown = loop.Arns.Contains(watch.Arn);
                    if (watch.IsStart)
                    {
                        if (!shown) { return false; }
                        loop.StartMs.Add(Math.Max(0, loop.VersionMs - watch.EventMs));
                        return true;
                    }
                    if (shown) { return false; }
                    if (loop.VersionMs < watch.EventMs)
                    {
                        // The newest version read predates the stop and does not show the task: it was never there.
                        loop.AbsentWhenStopped++;
                        return true;
                    }
                    loop.StopMs.Add(loop.VersionMs - watch.EventMs);
                    return true;
                });
            }
        }

        /// <summary>Nearest-rank percentile (0-100) of <paramref name="values"/>; NaN when there are none.</summary>
        public static double Percentile(IEnumerable<double> values, double percent)
        {
            var sorted = (values ?? Array.Empty<double>()).OrderBy(v => v).ToArray();
            if (sorted.Length == 0) { return double.NaN; }
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
            return sorted[Math.Min(sorted.Length - 1, Math.Max(0, rank - 1))];
        }
    }
}
