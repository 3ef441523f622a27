<#
.SYNOPSIS
    The event benchmark (issue 14, R18): the ECS API calls per minute of a loop that follows an SQS queue of ECS task
    state change events against a loop that polls every -Interval, and the time from a task's event to its target in
    the files, under churn. Run on demand (build.ps1 benchmark -Events), never in CI.

.DESCRIPTION
    1. Two emulators (tests/EcsDiscoverer.Emulator) serve the same generated scenario (-Tasks tasks in -Clusters
       clusters, every task marked: one target each), each with an event queue `ecs-events` subscribed to its task
       state changes, -LatencyMs per call and no rate limit.
    2. Two child pwsh processes (Start-BenchmarkLoop.ps1) run Start-EcsDiscoveryLoop, one per emulator: "events" with
       -EventQueueUrl http://127.0.0.1:PORT/123456789012/ecs-events and -ReconcileInterval, "polling" without it;
       both with -Interval, their own output directory and their metrics server on a free loopback port.
    3. When both have written their first round, the emulators' counts are zeroed and both churn -ChurnPercent % of
       -Tasks a minute (each replacement: a STOPPED event, then a RUNNING one); the same seed picks the same tasks.
    4. For -Minutes a tracker thread (EventLatencyTracker.cs) polls GET /_emulator/events?since= of each emulator
       every -EventPollMs and stats each loop's tasks.json every -SampleMs, reading it again only when it changed.
       A RUNNING event's latency is the modification time of the first file version showing its task's ARN less the
       event's emission time; a STOPPED event's, that of the first version no longer showing it.
    5. At the end the emulators' counts are read (calls per minute by operation; SQS apart: it is not ECS's budget),
       churn stops, pending tasks get a grace of two intervals, the events loop's metrics are read and both loops'
       peak RSS taken. PASS when the events loop makes fewer ECS calls a minute than the polling loop and its
       99th percentile start latency is under 5 s.
    One JSON line per loop and a summary go to -OutputPath.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Tasks = 10000,
    [double] $Minutes = 15,
    [double] $ChurnPercent = 1,
    [string] $Interval = '15s',
    [string] $ReconcileInterval = '5m',
    [int] $Clusters = 10,
    [int] $Families = 50,
    [int] $Instances = 200,
    [int] $FargatePercent = 20,
    [int] $LatencyMs = 20,
    [int] $SampleMs = 100,
    [int] $EventPollMs = 150,
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorDll = (Resolve-Path $EmulatorDll).Path
$ChildScript = Join-Path $PSScriptRoot 'Start-BenchmarkLoop.ps1'
$work = Join-Path ([IO.Path]::GetTempPath()) "ecsd-events-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
if (-not $OutputPath) { $OutputPath = Join-Path ([IO.Path]::GetTempPath()) "ecsd-events-$PID.jsonl" }
New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null
Remove-Item $OutputPath -ErrorAction Ignore
$account = '123456789012'

# Never AWS: no instance metadata, no credential or config files.
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_ACCESS_KEY_ID = "AKID$account"
$env:AWS_SECRET_ACCESS_KEY = 'dummy-secret-for-local-emulator'
$env:AWS_REGION = 'us-east-1'
Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction Ignore
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $work 'no-aws-credentials'
$env:AWS_CONFIG_FILE = Join-Path $work 'no-aws-config'

function ConvertTo-Seconds {
    param([string] $Text, [string] $Name)
    if ($Text -match '^(\d+(?:\.\d+)?)(ms|s|m|h)$') {
        switch ($Matches[2]) { 'ms' { [double]$Matches[1] / 1000 } 's' { [double]$Matches[1] } 'm' { [double]$Matches[1] * 60 } 'h' { [double]$Matches[1] * 3600 } }
    } else { throw "${Name}: give a duration such as 15s, 500ms or 5m, not '$Text'." }
}
$intervalSec = ConvertTo-Seconds $Interval '-Interval'
$reconcileSec = ConvertTo-Seconds $ReconcileInterval '-ReconcileInterval'
$perMinute = [int][math]::Round($Tasks * $ChurnPercent / 100)
if ($perMinute -lt 1 -or $perMinute -gt 6000) { throw "-ChurnPercent $ChurnPercent of $Tasks tasks is $perMinute a minute; the emulator churns 1 to 6000." }

# The command that starts this same PowerShell: as a .NET tool the process is 'dotnet' running pwsh.dll.
$pwsh = @([Environment]::ProcessPath)
if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }

Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
if (-not ('EcsDiscoverer.Benchmarks.EventLatencyTracker' -as [type])) {
    Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $PSScriptRoot 'EventLatencyTracker.cs'))
}

function Write-Json {
    param([System.Collections.IDictionary] $Fields)
    Add-Content -LiteralPath $OutputPath -Value ($Fields | ConvertTo-Json -Compress -Depth 6) -Encoding utf8
}

function Start-Loop {
    param([string] $Name, [string] $Endpoint, [int] $Port, [string] $QueueUrl)
    $dir = Join-Path $work $Name
    New-Item -ItemType Directory -Force $dir | Out-Null
    $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ChildScript,
        '-ModulePath', $ModulePath, '-Output', (Join-Path $dir 'rounds.jsonl'), '-EndpointUrl', $Endpoint,
        '-Path', (Join-Path $dir 'targets'), '-Interval', $Interval, '-MetricsPort', $Port)
    if ($QueueUrl) { $arguments += '-EventQueueUrl', $QueueUrl, '-ReconcileInterval', $ReconcileInterval }
    foreach ($argument in $arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $log = Join-Path $dir 'loop.log'
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.File]::Open($log, 'Create', 'Write', 'ReadWrite'))
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.File]::Open("$log.err", 'Create', 'Write', 'ReadWrite'))
    [pscustomobject]@{
        Name = $Name; Process = $process; Endpoint = $Endpoint; Port = $Port; Dir = $dir
        Rounds = Join-Path $dir 'rounds.jsonl'; File = Join-Path $dir 'targets/tasks.json'; Log = $log
    }
}

function Read-Rounds {
    param($Loop)
    if (-not (Test-Path $Loop.Rounds)) { return @() }
    @(Get-Content -LiteralPath $Loop.Rounds | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
}

function Assert-Running {
    param($Loop)
    if ($Loop.Process.HasExited) {
        throw "The $($Loop.Name) loop ended (exit code $($Loop.Process.ExitCode)): $(Get-Content -Raw "$($Loop.Log).err" -ErrorAction Ignore)"
    }
}

# The counters and one histogram of a Prometheus text exposition, summed over their label sets.
function Read-Metrics {
    param([int] $Port)
    $text = (Invoke-WebRequest -Uri "http://127.0.0.1:$Port/metrics" -TimeoutSec 30).Content
    $sums = @{}
    $buckets = [ordered]@{}
    foreach ($line in $text -split "`n") {
        if ($line -match '^(ecs_discoverer_[a-z_]+?)(\{[^}]*\})?\s+(\S+)$') {
            $name = $Matches[1]; $labels = [string]$Matches[2]; $value = [double]::Parse($Matches[3], [Globalization.CultureInfo]::InvariantCulture)
            if ($name -eq 'ecs_discoverer_event_to_write_seconds_bucket' -and $labels -match 'le="([^"]+)"') {
                $le = if ($Matches[1] -eq '+Inf') { [double]::PositiveInfinity } else { [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture) }
                $buckets[$le] = [double]$buckets[$le] + $value
            }
            $sums[$name] = [double]$sums[$name] + $value
            if ($name -eq 'ecs_discoverer_events_ignored_total' -and $labels -match 'reason="([^"]+)"') { $sums["ignored:$($Matches[1])"] = [double]$sums["ignored:$($Matches[1])"] + $value }
        }
    }
    [pscustomobject]@{ Sums = $sums; Buckets = $buckets }
}

# histogram_quantile: the bucket the rank falls in, linearly interpolated; the highest finite bound for +Inf.
function Get-HistogramQuantile {
    param([double] $Q, [System.Collections.IDictionary] $Buckets)
    $bounds = @($Buckets.Keys | Sort-Object)
    if (-not $bounds) { return [double]::NaN }
    $total = $Buckets[$bounds[-1]]
    if ($total -le 0) { return [double]::NaN }
    $rank = $Q * $total
    $previousBound = 0.0; $previousCount = 0.0
    foreach ($bound in $bounds) {
        $count = $Buckets[$bound]
        if ($count -ge $rank) {
            if ([double]::IsPositiveInfinity($bound)) { return $previousBound }
            if ($count -eq $previousCount) { return $bound }
            return $previousBound + ($bound - $previousBound) * ($rank - $previousCount) / ($count - $previousCount)
        }
        $previousBound = $bound; $previousCount = $count
    }
    $previousBound
}

function Get-Calls {
    param([string] $Endpoint)
    $calls = [ordered]@{}
    foreach ($p in (Invoke-RestMethod "$Endpoint/_emulator/calls").PSObject.Properties) { $calls[$p.Name] = [int64]$p.Value }
    $calls
}

$started = [Diagnostics.Stopwatch]::StartNew()
$spec = "clusters=$Clusters,tasks=$Tasks,families=$Families,instances=$Instances,fargate-percent=$FargatePercent"
Write-Host "Event benchmark: $spec, ${LatencyMs} ms per call; churn $ChurnPercent % = $perMinute tasks a minute for $Minutes min; polling every $Interval against events (reconcile every $ReconcileInterval); JSON lines in $OutputPath"
$emulators = @()
$loops = @()
$tracker = $null
try {
    foreach ($name in 'events', 'polling') {
        $emulators += Start-BenchmarkEmulator -EmulatorDll $EmulatorDll -LatencyMs $LatencyMs -Spec $spec -Extra @('--event-queue', 'ecs-events')
    }
    $eventsEmulator, $pollingEmulator = $emulators
    $queueUrl = "$($eventsEmulator.Endpoint)/$account/ecs-events"
    $loops += Start-Loop -Name 'events' -Endpoint $eventsEmulator.Endpoint -Port (Get-FreePort) -QueueUrl $queueUrl
    $loops += Start-Loop -Name 'polling' -Endpoint $pollingEmulator.Endpoint -Port (Get-FreePort)
    $eventsLoop, $pollingLoop = $loops
    foreach ($loop in $loops) { Write-Host "Loop '$($loop.Name)' pid $($loop.Process.Id) against $($loop.Endpoint), metrics on port $($loop.Port), files in $($loop.Dir)/targets" }
    Write-Host "Event queue: $queueUrl"

    # Both first (cold) rounds, then the files they wrote.
    $deadline = [DateTime]::UtcNow.AddMinutes(20)
    $cold = @{}
    while ($cold.Count -lt 2) {
        foreach ($loop in $loops) {
            Assert-Running $loop
            if (-not $cold.ContainsKey($loop.Name)) {
                $first = Read-Rounds $loop | Select-Object -First 1
                if ($first -and (Test-Path $loop.File)) {
                    $cold[$loop.Name] = $first
                    Write-Host ("Loop '{0}' round 1 (cold): {1:0.00} s, {2}, {3} calls, RSS {4} MB" -f $loop.Name, $first.durationSec, $first.result, $first.apiCalls, (MB $first.rssBytes))
                    Write-Json ([ordered]@{ kind = 'cold'; loop = $loop.Name; durationSec = $first.durationSec; result = $first.result; apiCalls = $first.apiCalls; rssBytes = $first.rssBytes; summary = $first.summary })
                }
            }
        }
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The loops did not finish their first round within 20 minutes.' }
        Start-Sleep -Milliseconds 200
    }
    $coldCalls = @{}
    foreach ($emulator in $emulators) { $coldCalls[$emulator.Endpoint] = Get-Calls $emulator.Endpoint }

    # Churn starts: counts zeroed, events followed from now on.
    $tracker = [EcsDiscoverer.Benchmarks.EventLatencyTracker]::new($SampleMs, $EventPollMs)
    $churnStartMs = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $eventsLatency = $tracker.Add('events', $eventsLoop.File, $eventsEmulator.Endpoint, $churnStartMs)
    $pollingLatency = $tracker.Add('polling', $pollingLoop.File, $pollingEmulator.Endpoint, $churnStartMs)
    $tracker.Start()
    foreach ($emulator in $emulators) { Invoke-RestMethod -Method Post "$($emulator.Endpoint)/_emulator/calls/reset" | Out-Null }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $body = @{ perMinute = $perMinute } | ConvertTo-Json -Compress
    foreach ($emulator in $emulators) { Invoke-RestMethod -Method Post -ContentType 'application/json' -Body $body "$($emulator.Endpoint)/_emulator/churn" | Out-Null }
    Write-Host "Churn started: $perMinute tasks a minute in each emulator; measuring for $Minutes min"

    $nextReport = 60
    while ($clock.Elapsed.TotalMinutes -lt $Minutes) {
        foreach ($loop in $loops) { Assert-Running $loop }
        if ($clock.Elapsed.TotalSeconds -ge $nextReport) {
            $line = foreach ($l in $eventsLatency, $pollingLatency) {
                '{0}: {1} starts/{2} stops seen, {3} shown/{4} gone, {5} pending, {6} targets{7}' -f $l.Name, $l.StartEvents, $l.StopEvents, $l.StartMs.Count, $l.StopMs.Count,
                    $l.PendingCount, $l.Targets, $(if ($l.LastError) { ", last error: $($l.LastError)" } else { '' })
            }
            Write-Host ("[{0:0.0} min] {1}" -f $clock.Elapsed.TotalMinutes, ($line -join '; '))
            $nextReport += 60
        }
        Start-Sleep -Milliseconds 500
    }
    $measuredMinutes = $clock.Elapsed.TotalMinutes
    $calls = @{}
    foreach ($emulator in $emulators) { $calls[$emulator.Endpoint] = Get-Calls $emulator.Endpoint }
    $churn = @{}
    foreach ($emulator in $emulators) {
        $churn[$emulator.Endpoint] = Invoke-RestMethod "$($emulator.Endpoint)/_emulator/churn"
        Invoke-RestMethod -Method Post -ContentType 'application/json' -Body '{"perMinute":0}' "$($emulator.Endpoint)/_emulator/churn" | Out-Null
    }
    Write-Host ("Measured {0:0.00} min; churn stopped; waiting up to {1:0} s for the last events to reach the files" -f $measuredMinutes, (2 * $intervalSec + 5))
    $grace = [Diagnostics.Stopwatch]::StartNew()
    while ($grace.Elapsed.TotalSeconds -lt 2 * $intervalSec + 5 -and ($eventsLatency.PendingCount + $pollingLatency.PendingCount) -gt 0) { Start-Sleep -Milliseconds 200 }
    $tracker.Stop()

    $metrics = @{}
    foreach ($loop in $loops) { $metrics[$loop.Name] = Read-Metrics $loop.Port }
    $rss = @{}
    foreach ($loop in $loops) {
        $loop.Process.Refresh()
        $last = Read-Rounds $loop | Select-Object -Last 1
        $rss[$loop.Name] = [pscustomobject]@{ Peak = $loop.Process.PeakWorkingSet64; Now = $loop.Process.WorkingSet64; Rounds = $last.round; LastRoundPeak = $last.peakRssBytes }
    }
    $roundsByLoop = @{}
    foreach ($loop in $loops) { $roundsByLoop[$loop.Name] = Read-Rounds $loop }
} finally {
    if ($tracker) { $tracker.Stop(); $tracker.Dispose() }
    foreach ($loop in $loops) {
        if (-not $loop.Process.HasExited) { $loop.Process.Kill() }
        $loop.Process.WaitForExit(15000) | Out-Null
    }
    foreach ($emulator in $emulators) { Stop-BenchmarkEmulator $emulator.Process }
}

# The report.
$ecsOperations = 'ecs:ListClusters', 'ecs:ListTasks', 'ecs:DescribeTasks', 'ecs:DescribeTaskDefinition', 'ecs:DescribeContainerInstances', 'ec2:DescribeInstances'
function Get-CallRow {
    param([string] $Name, [System.Collections.IDictionary] $Counts)
    $row = [ordered]@{ Loop = $Name }
    $ecs = 0L; $other = 0L; $sqs = 0L
    foreach ($key in $Counts.Keys) {
        if ($key -like 'sqs:*') { $sqs += $Counts[$key] } elseif ($key -like 'ecs:*' -or $key -like 'ec2:*') { $ecs += $Counts[$key] } else { $other += $Counts[$key] }
    }
    $row['ECS+EC2 calls/min'] = [math]::Round($ecs / $measuredMinutes, 1)
    foreach ($operation in $ecsOperations) { $row[($operation -replace '^(ecs|ec2):', '')] = [math]::Round([double]$Counts[$operation] / $measuredMinutes, 1) }
    $row['other ECS/EC2'] = [math]::Round(($ecs - (@($ecsOperations | ForEach-Object { [double]$Counts[$_] }) | Measure-Object -Sum).Sum) / $measuredMinutes, 1)
    $row['SQS ReceiveMessage/min'] = [math]::Round([double]$Counts['sqs:ReceiveMessage'] / $measuredMinutes, 1)
    $row['SQS DeleteMessageBatch/min'] = [math]::Round([double]$Counts['sqs:DeleteMessageBatch'] / $measuredMinutes, 1)
    $row['SQS other/min'] = [math]::Round(($sqs - [double]$Counts['sqs:ReceiveMessage'] - [double]$Counts['sqs:DeleteMessageBatch']) / $measuredMinutes, 1)
    $row['STS etc./min'] = [math]::Round($other / $measuredMinutes, 1)
    $row['ECS+EC2 calls'] = $ecs
    [pscustomobject]$row
}
$callRows = @(
    Get-CallRow 'events' $calls[$eventsEmulator.Endpoint]
    Get-CallRow 'polling' $calls[$pollingEmulator.Endpoint]
)

function Get-LatencyRow {
    param([EcsDiscoverer.Benchmarks.LoopLatency] $L, [string] $Kind)
    [double[]] $values = if ($Kind -eq 'start') { $L.StartMs.ToArray() } else { $L.StopMs.ToArray() }
    if ($null -eq $values) { $values = @() }
    $f = { param($v) if ([double]::IsNaN($v)) { '-' } else { '{0:0.00}' -f ($v / 1000) } }
    [pscustomobject][ordered]@{
        Loop      = $L.Name
        Event     = if ($Kind -eq 'start') { 'RUNNING (start)' } else { 'STOPPED (stop)' }
        Events    = if ($Kind -eq 'start') { $L.StartEvents } else { $L.StopEvents }
        Measured  = $values.Count
        'Median s' = & $f ([EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile($values, 50))
        'p90 s'   = & $f ([EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile($values, 90))
        'p99 s'   = & $f ([EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile($values, 99))
        'Max s'   = & $f ([EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile($values, 100))
        'Mean s'  = if ($values.Count) { '{0:0.00}' -f (($values | Measure-Object -Average).Average / 1000) } else { '-' }
        Never     = if ($Kind -eq 'start') { $L.StartsNeverSeen } else { $L.StopsNeverSeen }
    }
}
$latencyRows = foreach ($l in $eventsLatency, $pollingLatency) { Get-LatencyRow $l 'start'; Get-LatencyRow $l 'stop' }

$m = $metrics['events'].Sums
$histogram = $metrics['events'].Buckets
$eventCounters = [ordered]@{
    received                 = $m['ecs_discoverer_events_received_total']
    applied                  = $m['ecs_discoverer_events_applied_total']
    ignored                  = $m['ecs_discoverer_events_ignored_total']
    ignoredStale             = $m['ignored:stale']
    ignoredDuplicate         = $m['ignored:duplicate']
    ignoredForeign           = $m['ignored:foreign']
    ignoredMalformed         = $m['ignored:malformed']
    reconciliations          = $m['ecs_discoverer_reconciliations_total']
    reconciliationCorrections = $m['ecs_discoverer_reconciliation_corrections_total']
    eventMode                = $m['ecs_discoverer_event_mode']
    eventToWriteCount        = $m['ecs_discoverer_event_to_write_seconds_count']
    eventToWriteSumSec       = $m['ecs_discoverer_event_to_write_seconds_sum']
    eventToWriteP50Sec       = Get-HistogramQuantile 0.5 $histogram
    eventToWriteP90Sec       = Get-HistogramQuantile 0.9 $histogram
    eventToWriteP99Sec       = Get-HistogramQuantile 0.99 $histogram
}
$eventRounds = @($roundsByLoop['events'] | Select-Object -Skip 1)
$pollingRounds = @($roundsByLoop['polling'] | Select-Object -Skip 1)
$reconcileRounds = @($eventRounds | Where-Object { $_.summary -match 'reconciliation' })

$eventsEcs = $callRows[0].'ECS+EC2 calls/min'
$pollingEcs = $callRows[1].'ECS+EC2 calls/min'
$p99Start = [EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile([double[]]$eventsLatency.StartMs.ToArray(), 99)
$failures = [System.Collections.Generic.List[string]]::new()
if (-not ($eventsEcs -lt $pollingEcs)) { $failures.Add("the events loop made $eventsEcs ECS calls a minute, not fewer than the polling loop's $pollingEcs") }
if ($eventsLatency.StartMs.Count -eq 0) { $failures.Add('no start latency was measured for the events loop') }
elseif (-not ($p99Start -lt 5000)) { $failures.Add(('the events loop''s p99 start latency is {0:0.00} s, not under 5 s' -f ($p99Start / 1000))) }

foreach ($row in $callRows) { Write-Json ([ordered]@{ kind = 'calls'; loop = $row.Loop; perMinute = $row; counts = $calls[$(if ($row.Loop -eq 'events') { $eventsEmulator.Endpoint } else { $pollingEmulator.Endpoint })] }) }
foreach ($l in $eventsLatency, $pollingLatency) {
    Write-Json ([ordered]@{ kind = 'latency'; loop = $l.Name; startEvents = $l.StartEvents; stopEvents = $l.StopEvents; droppedEvents = $l.DroppedEvents
            startMs = @($l.StartMs); stopMs = @($l.StopMs); startsNeverSeen = $l.StartsNeverSeen; stopsNeverSeen = $l.StopsNeverSeen
            stoppedBeforeAppearing = $l.StoppedBeforeAppearing; absentWhenStopped = $l.AbsentWhenStopped; neverSeenSamples = @($l.NeverSeenSamples)
            fileVersions = $l.FileVersions; fileChars = $l.FileBytes; targets = $l.Targets; lastError = $l.LastError })
}
$summary = [ordered]@{
    kind = 'summary'; tasks = $Tasks; spec = $spec; latencyMs = $LatencyMs; churnPerMinute = $perMinute; minutes = $Minutes; measuredMinutes = $measuredMinutes
    interval = $Interval; reconcileInterval = $ReconcileInterval; eventsEcsCallsPerMinute = $eventsEcs; pollingEcsCallsPerMinute = $pollingEcs
    eventsStartP50Sec = [EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile([double[]]$eventsLatency.StartMs.ToArray(), 50) / 1000
    eventsStartP99Sec = $p99Start / 1000
    pollingStartP50Sec = [EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile([double[]]$pollingLatency.StartMs.ToArray(), 50) / 1000
    pollingStartP99Sec = [EcsDiscoverer.Benchmarks.EventLatencyTracker]::Percentile([double[]]$pollingLatency.StartMs.ToArray(), 99) / 1000
    eventCounters = $eventCounters; eventRounds = $eventRounds.Count; reconciliationRounds = $reconcileRounds.Count; pollingRounds = $pollingRounds.Count
    eventsPeakRssBytes = $rss['events'].Peak; pollingPeakRssBytes = $rss['polling'].Peak
    churnEvents = $churn[$eventsEmulator.Endpoint]; churnPolling = $churn[$pollingEmulator.Endpoint]
    coldEvents = $cold['events'].durationSec; coldPolling = $cold['polling'].durationSec
    load = (Get-Content /proc/loadavg -ErrorAction Ignore); cores = [Environment]::ProcessorCount; failures = @($failures)
    tookMinutes = [math]::Round($started.Elapsed.TotalMinutes, 1)
}
Write-Json $summary

""
"Event benchmark: $Tasks tasks ($spec), ${LatencyMs} ms per call, $perMinute tasks replaced a minute ($ChurnPercent %) for {0:0.0} min; events loop (reconcile every $ReconcileInterval) against polling every $Interval." -f $measuredMinutes
""
"Calls per minute while churning (from each emulator's GET /_emulator/calls; SQS is not ECS's budget):"
$callRows | Format-List | Out-String -Width 200
"Time from a task's event (its emission by the emulator) to the first version of tasks.json that shows it (start) or no longer does (stop); file versions timed by their modification time, sampled every $SampleMs ms:"
$latencyRows | Format-Table -AutoSize | Out-String -Width 200
"Never: the task never appeared (start) or never left (stop) by the end of the grace period. Not measured and not in Never: starts of tasks the churn stopped before a file showed them, stops of tasks no file showed."
foreach ($l in $eventsLatency, $pollingLatency) {
    "$($l.Name): $($l.StoppedBeforeAppearing) start(s) stopped before shown, $($l.AbsentWhenStopped) stop(s) of tasks never shown, $($l.DroppedEvents) dropped event(s)"
    if ($l.NeverSeenSamples.Count) { "$($l.Name): never seen (first $($l.NeverSeenSamples.Count)): $($l.NeverSeenSamples -join ', ')" }
    if ($l.LastError) { "$($l.Name): the tracker's last error: $($l.LastError)" }
}
$churnFor = { param($c) if ($c) { "$($c.replaced) replaced$(if ($c.PSObject.Properties['failed']) { ", $($c.failed) failed" })" } else { '-' } }
$f2 = { param($v) if ($null -eq $v -or [double]::IsNaN([double]$v)) { '-' } else { '{0:0.00}' -f $v } }
$table = [ordered]@{
    'Cold round (events / polling)'     = '{0:0.00} s ({1} calls) / {2:0.00} s ({3} calls)' -f $cold['events'].durationSec, $cold['events'].apiCalls, $cold['polling'].durationSec, $cold['polling'].apiCalls
    'Churn (events / polling emulator)' = "$(& $churnFor $churn[$eventsEmulator.Endpoint]) / $(& $churnFor $churn[$pollingEmulator.Endpoint])"
    'Rounds after the cold one'         = "events $($eventRounds.Count) ($($reconcileRounds.Count) reconciliations), polling $($pollingRounds.Count)"
    'Events loop: events'               = 'received {0}, applied {1}, ignored {2} (stale {3}, duplicate {4}, foreign {5}, malformed {6})' -f $eventCounters.received, $eventCounters.applied, $eventCounters.ignored, $eventCounters.ignoredStale, $eventCounters.ignoredDuplicate, $eventCounters.ignoredForeign, $eventCounters.ignoredMalformed
    'Events loop: reconciliations'      = '{0}, {1} correction(s); event mode {2}' -f $eventCounters.reconciliations, $eventCounters.reconciliationCorrections, $eventCounters.eventMode
    'Events loop: event_to_write_seconds' = 'count {0}, mean {1} s; histogram_quantile 0.5 {2} s, 0.9 {3} s, 0.99 {4} s' -f $eventCounters.eventToWriteCount,
        (& $f2 $(if ($eventCounters.eventToWriteCount) { $eventCounters.eventToWriteSumSec / $eventCounters.eventToWriteCount } else { $null })),
        (& $f2 $eventCounters.eventToWriteP50Sec), (& $f2 $eventCounters.eventToWriteP90Sec), (& $f2 $eventCounters.eventToWriteP99Sec)
    'Peak RSS (events / polling)'       = '{0} MB / {1} MB (now {2} / {3} MB)' -f (MB $rss['events'].Peak), (MB $rss['polling'].Peak), (MB $rss['events'].Now), (MB $rss['polling'].Now)
    'tasks.json'                        = '{0:0.0} MB, {1} targets (events loop, at the end); versions read: events {2}, polling {3}' -f ($eventsLatency.FileBytes / 1MB), $eventsLatency.Targets, $eventsLatency.FileVersions, $pollingLatency.FileVersions
    'Machine'                           = "$($summary.cores) cores; load average at the end: $($summary.load)"
    'Took'                              = "$($summary.tookMinutes) min"
}
[pscustomobject]$table | Format-List | Out-String -Width 220
# No reconciliation in a short run: the events loop then made no ECS call at all.
$fewer = if ($eventsEcs -gt 0) { '{0:0.0} x fewer' -f ($pollingEcs / $eventsEcs) } else { 'none at all: no reconciliation fell in the run' }
'ECS+EC2 calls a minute: events {0}, polling {1} ({2}); start latency p99: events {3} s, polling {4} s' -f $eventsEcs, $pollingEcs, $fewer,
    (& $f2 ($p99Start / 1000)), (& $f2 ($summary.pollingStartP99Sec))
if ($failures.Count) {
    foreach ($failure in $failures) { "FAIL: $failure" }
    exit 1
}
'PASS: the events loop makes fewer ECS calls a minute than polling every {0}, and its p99 start latency ({1:0.00} s) is under 5 s' -f $Interval, ($p99Start / 1000)
