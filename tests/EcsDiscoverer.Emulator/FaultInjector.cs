namespace EcsDiscoverer.Emulator;

/// <summary>
/// The scripted faults, in the order they were added: a request gets the first one that matches it (operation,
/// then cluster or instance), which then counts one use; a fault with a count is dropped when it is used up.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _faults = [];

    /// <exception cref="ArgumentException">The fault cannot be served.</exception>
    public void Add(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        lock (_gate)
        {
            _faults.Add(new ActiveFault(fault));
        }
    }

    /// <summary>The fault for this request, with one use counted, or null.</summary>
    public EmulatorFault? Take(FaultTarget request)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var active = _faults[i];
                if (!request.IsMatchedBy(active.Fault))
                {
                    continue;
                }

                if (active.Remaining is { } remaining)
                {
                    active.Remaining = remaining - 1;
                    if (active.Remaining == 0)
                    {
                        _faults.RemoveAt(i);
                    }
                }

                return active.Fault;
            }

            return null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    private sealed class ActiveFault(EmulatorFault fault)
    {
        public EmulatorFault Fault { get; } = fault;

        public int? Remaining { get; set; } = fault.Times;
    }
}
