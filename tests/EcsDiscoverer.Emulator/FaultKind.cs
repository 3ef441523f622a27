namespace EcsDiscoverer.Emulator;

/// <summary>What an <see cref="EmulatorFault"/> does to a request it matches.</summary>
public enum FaultKind
{
    /// <summary>An error response in the service's own format (ECS JSON <c>__type</c>, EC2 error XML).</summary>
    Error,

    /// <summary>Waits <see cref="EmulatorFault.Delay"/> before answering normally (past a client's timeout, the client has given up).</summary>
    Slow,

    /// <summary>Aborts the connection after reading the request: no status line, no body.</summary>
    Reset,

    /// <summary>The real response with HTTP 200, cut after half of its bytes (Content-Length matches the cut body).</summary>
    Truncated,

    /// <summary>HTTP 200 with a body that is not JSON (ECS) or XML (EC2).</summary>
    Malformed,

    /// <summary>DescribeTasks leaves <see cref="EmulatorFault.Tasks"/> out of <c>tasks</c> and lists them under <c>failures</c>.</summary>
    TaskFailures,

    /// <summary>The real response with every field absent except those in <see cref="EmulatorFault.Keep"/>.</summary>
    Sparse,
}
