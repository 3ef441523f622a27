# What the benchmarks share: starting and stopping the emulator as a child process, and the small figures helpers.

# A started process that reads our stdin: if the benchmark dies, the pipe closes and the emulator's
# --exit-on-stdin-eof ends it.
function Start-BenchmarkEmulator {
    param([Parameter(Mandatory)] [string] $EmulatorDll, [Parameter(Mandatory)] [string] $Spec, [int] $LatencyMs, [string[]] $Extra = @())
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($EmulatorDll, '--generate', $Spec, '--port', '0', '--latency', "${LatencyMs}ms", '--exit-on-stdin-eof') + $Extra) {
        $info.ArgumentList.Add($argument)
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    $listening = if ($line.Wait([TimeSpan]::FromMinutes(5))) { [regex]::Match([string]$line.Result, 'listening on (http://\S+)') } else { $null }
    if (-not $listening -or -not $listening.Success) {
        Stop-BenchmarkEmulator $process
        throw "The emulator did not start for $Spec."
    }
    [pscustomobject]@{ Process = $process; Endpoint = $listening.Groups[1].Value.TrimEnd('/'); Spec = $Spec }
}

function Stop-BenchmarkEmulator {
    param([System.Diagnostics.Process] $Process)
    try { $Process.StandardInput.Close() } catch { Write-Verbose "stdin already closed: $_" }
    if (-not $Process.WaitForExit(15000)) { $Process.Kill() }
    $Process.Dispose()
}

function Get-Median {
    param([double[]] $Values)
    if (-not $Values) { return [double]::NaN }
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

# Whole megabytes, or '-' for a figure that was not measured.
function MB { param($Bytes) if ($null -eq $Bytes) { '-' } else { [int64][math]::Round($Bytes / 1MB, 0) } }

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

Export-ModuleMember -Function Start-BenchmarkEmulator, Stop-BenchmarkEmulator, Get-Median, MB, Get-FreePort
