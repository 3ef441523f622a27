using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Support;

/// <summary>Waits for a condition a background loop makes true, failing with what was awaited when it takes too long.</summary>
internal static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>; <paramref name="state"/> says what things were like when it timed out.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan limit, string what, Func<string>? state = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"Timed out after {limit.TotalSeconds:0} s waiting for {what}" + (state is null ? "" : " (" + state() + ")"));
            await Task.Delay(20);
        }
    }
}
