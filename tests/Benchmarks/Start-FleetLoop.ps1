<#
.SYNOPSIS
    The child process of the fleet benchmark (Invoke-FleetBenchmark.ps1): runs Start-EcsDiscoveryLoop over many
    account-regions against the emulator, with its http_sd server on, and writes one JSON line per round.

.DESCRIPTION
    Runs in a pwsh of its own, so that its memory is the engine's plus PowerShell's and nothing else. The parent
    watches -Output to learn when a round has ended (it resets and reads the emulator's per-scope counts between
    rounds) and reads /targets on -MetricsPort. The credentials are the environment's (the parent sets the hub
    account's access key); each -RoleArn is assumed through STS at -EndpointUrl.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Output,
    [Parameter(Mandatory)] [string] $EndpointUrl,
    [Parameter(Mandatory)] [string] $Path,
    # pwsh -File passes a comma list as one string; split below.
    [Parameter(Mandatory)] [string[]] $RoleArn,
    [Parameter(Mandatory)] [string[]] $Region,
    [Parameter(Mandatory)] [string] $Interval,
    [Parameter(Mandatory)] [int] $MetricsPort,
    [int] $MaxRounds = 1000,
    [switch] $NoWarmupThrottle
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module $ModulePath
$RoleArn = @($RoleArn | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$Region = @($Region | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

$loop = @{
    Path          = $Path
    EndpointUrl   = $EndpointUrl
    RoleArn       = $RoleArn
    Region        = $Region
    Interval      = $Interval
    MetricsPort   = $MetricsPort
    MaxRounds     = $MaxRounds
    WarningAction = 'Continue'
}
if ($NoWarmupThrottle) { $loop['NoWarmupThrottle'] = $true }

Start-EcsDiscoveryLoop @loop 6>&1 | ForEach-Object {
    $round = if ($_ -is [System.Management.Automation.InformationRecord]) { $_.MessageData } else { $_ }
    if ($round -isnot [EcsDiscoverer.EcsDiscoveryRound]) { return }
    # Sampled on the pipeline thread right after the round's line, before the parent reads the emulator's counts.
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $line = [ordered]@{
        time           = [DateTime]::UtcNow.ToString('o')
        round          = $round.Round
        startedAt      = $round.StartedAt.UtcDateTime.ToString('o')
        durationSec    = $round.Duration.TotalSeconds
        result         = $round.Result
        apiCalls       = $round.ApiCalls
        throttledCalls = $round.ThrottledCalls
        overran        = $round.Overran
        warmUp         = $round.WarmUp
        failedClusters = $round.FailedClusters
        failure        = $round.FailureMessage
        rssBytes       = $process.WorkingSet64
        peakRssBytes   = $process.PeakWorkingSet64
        gcHeapBytes    = [GC]::GetGCMemoryInfo().HeapSizeBytes
    }
    Add-Content -LiteralPath $Output -Value ($line | ConvertTo-Json -Compress -Depth 4) -Encoding utf8
}
