<#
.SYNOPSIS
    The child process of the event benchmark (Invoke-EventBenchmark.ps1): runs Start-EcsDiscoveryLoop against the
    emulator, from an SQS event queue (-EventQueueUrl) or polling (without it), and writes one JSON line per round.

.DESCRIPTION
    Runs in a pwsh of its own, so that its memory and calls are the loop's and nothing else's. The parent reads the
    round lines to learn when the first (cold) round has ended, samples the files under -Path for the latency of each
    task event, and reads /metrics on -MetricsPort at the end. The credentials are the environment's (dummy keys).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Output,
    [Parameter(Mandatory)] [string] $EndpointUrl,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Interval,
    [Parameter(Mandatory)] [int] $MetricsPort,
    [string] $EventQueueUrl,
    [string] $ReconcileInterval
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module $ModulePath

$loop = @{
    Path          = $Path
    EndpointUrl   = $EndpointUrl
    Region        = 'us-east-1'
    Interval      = $Interval
    MetricsPort   = $MetricsPort
    WarningAction = 'Continue'
}
if ($EventQueueUrl) { $loop['EventQueueUrl'] = $EventQueueUrl }
if ($ReconcileInterval) { $loop['ReconcileInterval'] = $ReconcileInterval }

# An event-driven loop runs a round per burst of events (about 100 a minute under the benchmark's churn): the line
# is small and appended, so its cost stays out of the loop's figures.
Start-EcsDiscoveryLoop @loop 6>&1 | ForEach-Object {
    $round = if ($_ -is [System.Management.Automation.InformationRecord]) { $_.MessageData } else { $_ }
    if ($round -isnot [EcsDiscoverer.EcsDiscoveryRound]) { return }
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $line = [ordered]@{
        time         = [DateTime]::UtcNow.ToString('o')
        round        = $round.Round
        durationSec  = $round.Duration.TotalSeconds
        result       = $round.Result
        apiCalls     = $round.ApiCalls
        overran      = $round.Overran
        summary      = $round.Summary
        rssBytes     = $process.WorkingSet64
        peakRssBytes = $process.PeakWorkingSet64
    }
    Add-Content -LiteralPath $Output -Value ($line | ConvertTo-Json -Compress) -Encoding utf8
}
