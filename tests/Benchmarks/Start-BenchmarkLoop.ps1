<#
.SYNOPSIS
    The child process of the fleet and event benchmarks (Invoke-FleetBenchmark.ps1, Invoke-EventBenchmark.ps1): runs
    Start-EcsDiscoveryLoop against the emulator and writes one JSON line per round.

.DESCRIPTION
    Runs in a pwsh of its own, so that its memory and calls are the loop's plus PowerShell's and nothing else. The
    parent watches -Output to learn when a round has ended (the fleet benchmark resets and reads the emulator's
    per-scope counts between rounds; the event benchmark waits for the cold round) and reads /targets or /metrics on
    -MetricsPort. The credentials are the environment's. The fleet benchmark gives -RoleArn (each assumed through STS
    at -EndpointUrl) and several -Region; the event benchmark gives -EventQueueUrl and -ReconcileInterval, or neither
    for its polling loop.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Output,
    [Parameter(Mandatory)] [string] $EndpointUrl,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Interval,
    [Parameter(Mandatory)] [int] $MetricsPort,
    # pwsh -File passes a comma list as one string; split below.
    [string[]] $RoleArn = @(),
    [string[]] $Region = @('us-east-1'),
    [string] $EventQueueUrl,
    [string] $ReconcileInterval,
    # 0: until the parent stops the process.
    [int] $MaxRounds = 0,
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
    Region        = $Region
    Interval      = $Interval
    MetricsPort   = $MetricsPort
    WarningAction = 'Continue'
}
if ($RoleArn.Count) { $loop['RoleArn'] = $RoleArn }
if ($EventQueueUrl) { $loop['EventQueueUrl'] = $EventQueueUrl }
if ($ReconcileInterval) { $loop['ReconcileInterval'] = $ReconcileInterval }
if ($MaxRounds -gt 0) { $loop['MaxRounds'] = $MaxRounds }
if ($NoWarmupThrottle) { $loop['NoWarmupThrottle'] = $true }

# An event-driven loop runs a round per burst of events (about 100 a minute under the event benchmark's churn): the
# line is small and appended, so its cost stays out of the loop's figures.
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
        summary        = $round.Summary
        rssBytes       = $process.WorkingSet64
        peakRssBytes   = $process.PeakWorkingSet64
        gcHeapBytes    = [GC]::GetGCMemoryInfo().HeapSizeBytes
    }
    Add-Content -LiteralPath $Output -Value ($line | ConvertTo-Json -Compress -Depth 4) -Encoding utf8
}
