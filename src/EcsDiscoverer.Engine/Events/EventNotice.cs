namespace EcsDiscoverer.Engine.Events;

/// <summary>
/// A message of the event source for the loop's log. Queue readers run in the background, and a PowerShell host
/// takes messages only on its pipeline thread, so they are queued and the loop writes them when it wakes.
/// </summary>
internal sealed record EventNotice(bool IsWarning, string Text);
