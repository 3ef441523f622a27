using System;
using System.Linq.Expressions;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// SIGTERM (docker stop, systemd, Kubernetes) for a loop in <c>pwsh -Command</c>: PowerShell lets the runtime kill
/// the process, which could leave a temporary file behind mid-write. Registering a handler that cancels the signal's
/// default action lets the loop finish its write and return, so pwsh exits normally.
/// PosixSignalRegistration exists from .NET 6 on; this assembly targets netstandard2.0, so it is bound by reflection,
/// and on Windows PowerShell 5.1 (no such type) registration is a no-op.
/// </summary>
internal sealed class TerminationSignal : IDisposable
{
    private readonly IDisposable? _registration;

    private TerminationSignal(IDisposable? registration)
    {
        _registration = registration;
    }

    /// <summary>Calls <paramref name="onSignal"/> (on a runtime thread) when SIGTERM arrives, until disposed.</summary>
    public static TerminationSignal Register(Action onSignal)
    {
        var registrationType = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices", throwOnError: false);
        var signalType = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices", throwOnError: false);
        var contextType = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices", throwOnError: false);
        var create = registrationType?.GetMethod("Create");
        if (signalType is null || contextType is null || create is null)
        {
            return new TerminationSignal(null);
        }

        // context => { context.Cancel = true; onSignal(); }
        var context = Expression.Parameter(contextType, "context");
        var body = Expression.Block(
            Expression.Assign(Expression.Property(context, "Cancel"), Expression.Constant(true)),
            Expression.Invoke(Expression.Constant(onSignal)));
        var handler = Expression.Lambda(typeof(Action<>).MakeGenericType(contextType), body, context).Compile();
        var sigterm = Enum.Parse(signalType, "SIGTERM");
        return new TerminationSignal(create.Invoke(null, new[] { sigterm, handler }) as IDisposable);
    }

    public void Dispose() => _registration?.Dispose();
}
