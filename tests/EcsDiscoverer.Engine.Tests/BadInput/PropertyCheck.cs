using System;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// Runs an FsCheck property a given number of times and proves it did: the counts the README quotes are counted, not
/// assumed. A failure throws with the shrunk counterexample and the seed to replay it.
/// </summary>
internal static class PropertyCheck
{
    public static void Run<T>(int cases, Gen<T> generator, Action<T> property)
    {
        var ran = 0;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true),
            Prop.ForAll(generator.ToArbitrary(), value =>
            {
                Interlocked.Increment(ref ran);
                property(value);
            }));
        Assert.Equal(cases, ran);
    }
}
