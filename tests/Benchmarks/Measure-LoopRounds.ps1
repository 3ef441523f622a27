<#
.SYNOPSIS
    The child process of the scale benchmark (Invoke-ScaleBenchmark.ps1): runs Start-EcsDiscoveryLoop against the
    emulator and, after every round, samples this process's memory and writes one JSON line per round.

.DESCRIPTION
    Runs in a pwsh of its own, so that its memory is the engine's plus PowerShell's and nothing else. Each round's
    EcsDiscoveryRound comes from the information stream (6>&1) as the loop writes it; right after it, on the
    pipeline thread, this script reads WorkingSet64 (RSS), PrivateMemorySize64, the process's CPU time so far,
    GC.GetTotalMemory(false), GC.GetTotalAllocatedBytes(false), GC.GetGCMemoryInfo(), and the emulator's cumulative call counts, and appends a
    line to -Output.

    With -SteadyCheck, after the loop it resets the emulator's counters, runs one more round in the same process
    (warm caches) and records the emulator's counts for exactly that round (label "<Label>-steady-check").

    With -Idle it only imports the module, waits, and records one line (label "idle"): the baseline the engine's
    increment is measured against.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Output,
    [Parameter(Mandatory)] [string] $Label,
    [int] $Tasks,
    [string] $EndpointUrl,
    [string[]] $Cluster,
    [int] $MaxRounds = 10,
    # Start to start; unset = the loop's default.
    [string] $Interval,
    [switch] $NoWarmupThrottle,
    [switch] $SteadyCheck,
    [string] $Path,
    # Print a line every this many rounds, so a long soak shows it is alive.
    [int] $ProgressEvery = 20,
    # Do not ask the emulator for its call counts after every round: a web request per round is the benchmark's
    # own memory and CPU, not the engine's (the steady check still counts its round).
    [switch] $NoEmulatorCounts,
    # The client budget (-RequestsPerSecond/-Burst of the loop); 0: the loop's default.
    [double] $RequestsPerSecond,
    [int] $Burst,
    [switch] $Idle
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module $ModulePath
# pwsh -File passes "c0,c1,c2" as one string.
$Cluster = @($Cluster | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

function Get-MemorySample {
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $gc = [GC]::GetGCMemoryInfo()
    [ordered]@{
        cpuSec            = $process.TotalProcessorTime.TotalSeconds
        rssBytes          = $process.WorkingSet64
        peakRssBytes      = $process.PeakWorkingSet64
        privateBytes      = $process.PrivateMemorySize64
        gcTotalBytes      = [GC]::GetTotalMemory($false)
        gcAllocatedBytes  = [GC]::GetTotalAllocatedBytes($false)
        gcHeapBytes       = $gc.HeapSizeBytes
        gcCommittedBytes  = $gc.TotalCommittedBytes
        gcFragmentedBytes = $gc.FragmentedBytes
        gen0              = [GC]::CollectionCount(0)
        gen1              = [GC]::CollectionCount(1)
        gen2              = [GC]::CollectionCount(2)
    }
}

function Get-EmulatorCount {
    $calls = Invoke-RestMethod -Uri "$EndpointUrl/_emulator/calls"
    $arrived = 0
    $throttled = 0
    $byOperation = [ordered]@{}
    foreach ($property in $calls.PSObject.Properties) {
        if ($property.Name -like 'throttled:*') { $throttled += [int]$property.Value } else { $arrived += [int]$property.Value }
        $byOperation[$property.Name] = [int]$property.Value
    }
    [ordered]@{ emulatorServed = $arrived - $throttled; emulatorThrottled = $throttled; emulatorCalls = $byOperation }
}

function Write-Line {
    param([System.Collections.IDictionary] $Fields, [string] $LineLabel = $Label)
    $line = [ordered]@{ label = $LineLabel; tasks = $Tasks; time = [DateTime]::UtcNow.ToString('o') }
    foreach ($key in $Fields.Keys) { $line[$key] = $Fields[$key] }
    Add-Content -LiteralPath $Output -Value ($line | ConvertTo-Json -Compress -Depth 5) -Encoding utf8
}

if ($Idle) {
    # Run the sampling and writing code a round runs (so its JIT and buffers are in the baseline too), let start-up
    # work settle, then sample as after a round.
    $scratch = [IO.Path]::GetTempFileName()
    foreach ($i in 1..3) { Add-Content -LiteralPath $scratch -Value ((Get-MemorySample) | ConvertTo-Json -Compress -Depth 5) -Encoding utf8 }
    Remove-Item -LiteralPath $scratch
    Start-Sleep -Seconds 3
    $sample = Get-MemorySample
    $sample['serverGc'] = [System.Runtime.GCSettings]::IsServerGC
    $sample['gcLatencyMode'] = [string][System.Runtime.GCSettings]::LatencyMode
    Write-Line $sample
    return
}

$loop = @{
    Path            = $Path
    EndpointUrl     = $EndpointUrl
    Region          = 'us-east-1'
    Cluster         = $Cluster
    NoMetricsServer = $true
    WarningAction   = 'SilentlyContinue'
}
if ($Interval) { $loop['Interval'] = $Interval }
if ($NoWarmupThrottle) { $loop['NoWarmupThrottle'] = $true }
if ($RequestsPerSecond -gt 0) { $loop['RequestsPerSecond'] = $RequestsPerSecond }
if ($Burst -gt 0) { $loop['Burst'] = $Burst }

function Write-Round {
    param([EcsDiscoverer.EcsDiscoveryRound] $Round, [string] $LineLabel = $Label)
    $fields = [ordered]@{
        round          = $Round.Round
        durationSec    = $Round.Duration.TotalSeconds
        result         = $Round.Result
        apiCalls       = $Round.ApiCalls
        throttledCalls = $Round.ThrottledCalls
        cacheHits      = $Round.CacheHits
        cacheMisses    = $Round.CacheMisses
        targets        = [int](@($Round.TargetsByFile.Values) | Measure-Object -Sum).Sum
        overran        = $Round.Overran
        warmUp         = $Round.WarmUp
        failedClusters = $Round.FailedClusters
        failure        = $Round.FailureMessage
    }
    $memory = Get-MemorySample
    foreach ($key in $memory.Keys) { $fields[$key] = $memory[$key] }
    if (-not $NoEmulatorCounts -or $LineLabel -ne $Label) {
        $emulator = Get-EmulatorCount
        foreach ($key in $emulator.Keys) { $fields[$key] = $emulator[$key] }
    }

    Write-Line $fields -LineLabel $LineLabel
}

$rounds = 0
Start-EcsDiscoveryLoop @loop -MaxRounds $MaxRounds 6>&1 | ForEach-Object {
    $round = if ($_ -is [System.Management.Automation.InformationRecord]) { $_.MessageData } else { $_ }
    if ($round -is [EcsDiscoverer.EcsDiscoveryRound]) {
        Write-Round $round
        $script:rounds++
        if ($ProgressEvery -gt 0 -and $script:rounds % $ProgressEvery -eq 0) {
            Write-Host ("  [{0}, {1} tasks] round {2}/{3}: {4:0.00} s, {5} calls, RSS {6:0} MB" -f $Label, $Tasks, $round.Round, $MaxRounds,
                $round.Duration.TotalSeconds, $round.ApiCalls, ([System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB))
        }
    }
}

if ($SteadyCheck) {
    # One more round with the caches the loop left: exactly the steady round's calls, as the emulator counted them.
    Invoke-RestMethod -Method Post -Uri "$EndpointUrl/_emulator/calls/reset" | Out-Null
    $steady = $loop.Clone()
    $steady['NoWarmupThrottle'] = $true
    Start-EcsDiscoveryLoop @steady -MaxRounds 1 6>&1 | ForEach-Object {
        $round = if ($_ -is [System.Management.Automation.InformationRecord]) { $_.MessageData } else { $_ }
        if ($round -is [EcsDiscoverer.EcsDiscoveryRound]) { Write-Round $round -LineLabel "$Label-steady-check" }
    }
}
