using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EcsDiscoverer.Loading;

/// <summary>Runs when the module is imported: makes the engine and its dependencies resolvable from <c>Dependencies/</c>.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>The folder beside the module assembly that holds the engine and its dependencies.</summary>
    public const string DependenciesFolder = "Dependencies";

    private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", System.StringComparison.Ordinal);

    /// <inheritdoc />
    public void OnImport()
    {
        var directory = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", DependenciesFolder);
        if (IsNetFramework)
        {
            FrameworkAssemblyResolver.Register(directory);
        }
        else
        {
            RegisterLoadContext(directory);
        }

        Completion.CompleterRegistration.RegisterInCurrentRunspace();
    }

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsNetFramework)
        {
            FrameworkAssemblyResolver.Unregister();
        }
        else
        {
            UnregisterLoadContext();
        }
    }

    // Separate methods so that .NET Framework never JIT-compiles a reference to AssemblyLoadContext.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterLoadContext(string directory) => DependencyLoadContext.Register(directory);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnregisterLoadContext() => DependencyLoadContext.Unregister();
}
