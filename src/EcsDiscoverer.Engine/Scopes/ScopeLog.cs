using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsDiscoverer.Engine.Discovery;

namespace EcsDiscoverer.Engine.Scopes;

/// <summary>
/// The log of a run of several scopes: each scope's messages are prefixed with the scope's name, and the progress
/// bar shows the scopes done and the fleet's share of work done, instead of one scope's clusters after another's.
/// A run of one scope writes its messages as they are.
/// </summary>
internal sealed class ScopeLog
{
    private readonly IDiscoveryLog _log;
    private readonly int _total;
    private readonly Dictionary<string, int> _percent = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private int _done;

    public ScopeLog(IDiscoveryLog log, int totalScopes)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _total = totalScopes;
    }

    /// <summary>The log one scope's engine writes to.</summary>
    public IDiscoveryLog For(string scopeName) => _total <= 1 ? _log : new Prefixed(this, scopeName);

    /// <summary>A scope is done, whatever its result.</summary>
    public void ScopeDone(string scopeName)
    {
        if (_total <= 1)
        {
            return;
        }

        int done;
        lock (_lock)
        {
            _percent[scopeName] = 100;
            done = ++_done;
        }

        Report(string.Format(CultureInfo.InvariantCulture, "{0} of {1} scope(s) done, last {2}", done, _total, scopeName), done);
    }

    private void Progress(string scopeName, DiscoveryProgress progress)
    {
        int done;
        lock (_lock)
        {
            _percent[scopeName] = Math.Min(99, progress.PercentComplete);
            done = _done;
        }

        Report(string.Format(CultureInfo.InvariantCulture, "{0} of {1} scope(s) done; {2}: {3}", done, _total, scopeName, progress.Status), done);
    }

    private void Report(string status, int done)
    {
        int percent;
        lock (_lock)
        {
            percent = _total == 0 ? 100 : _percent.Values.Sum() / _total;
        }

        _log.Progress(new DiscoveryProgress(done, _total, done < _total ? Math.Min(99, percent) : 100, status));
    }

    private sealed class Prefixed : IDiscoveryLog
    {
        private readonly ScopeLog _owner;
        private readonly string _scope;

        public Prefixed(ScopeLog owner, string scope)
        {
            _owner = owner;
            _scope = scope;
        }

        public void Verbose(string message) => _owner._log.Verbose($"[{_scope}] {message}");

        public void Debug(string message) => _owner._log.Debug($"[{_scope}] {message}");

        public void Warning(string message) => _owner._log.Warning($"[{_scope}] {message}");

        public void Progress(DiscoveryProgress progress) => _owner.Progress(_scope, progress);
    }
}
