<#
.SYNOPSIS
    The fleet benchmark (issue 13): one loop over -Accounts x -Regions account-regions ("scopes") and -Tasks tasks,
    a hub's credentials assuming a role in each member account. Measures the cold and steady rounds, the loop's
    memory, each scope's steady-round calls against its listing floor, and how long a task that starts takes to
    appear at http_sd's /targets. Run on demand (build.ps1 benchmark -Fleet), never in CI.

.DESCRIPTION
    1. The emulator (tests/EcsDiscoverer.Emulator) serves a generated fleet: -Accounts accounts (123456789012 first,
       then 100000000001, ...) x -Regions regions (us-east-1 first, then eu-west-1, us-west-2, ...), -Clusters clusters
       per scope, -Tasks tasks spread evenly over the scopes, with -LatencyMs per call and no rate limit.
    2. A child pwsh (Start-BenchmarkLoop.ps1) runs Start-EcsDiscoveryLoop with the hub's access key (AKID123456789012,
       which the generated scenario maps to account 123456789012), -RoleArn arn:aws:iam::ACCOUNT:role/ecs-discovery for
       every account (the hub's own included: the hub assumes the same role everywhere, as an organisation-wide
       deployment does), -Region every region of the fleet, -EndpointUrl the emulator, -Interval, and its
       metrics/http_sd server on a free loopback port. The warm-up throttle is on unless -NoWarmupThrottle.
    3. The parent watches the child's round lines. Right after round 1 (cold) it zeroes the emulator's counts; right
       after each of the next -Rounds rounds it reads GET /_emulator/calls/by-scope and zeroes them again, so every
       reading is exactly one steady round. Each scope's calls (every operation: ECS, EC2 and STS) must equal its
       listing floor from GET /_emulator/scopes (ListClusters pages plus one ListTasks page per 100 RUNNING tasks of
       each cluster): PASS only when every scope of every steady round does.
    4. GET /targets must serve exactly one target per generated task.
    5. -Starts times: after a pseudo-random wait within the interval, one marked task starts in a scope (a different
       scope each time, through POST /_emulator/clusters/c0/tasks?account=&region=), and the parent polls
       GET /targets?account=&region=&cluster=c0 every -PollMs until it is served. The wait is bounded by the interval
       plus a round's duration.
    One JSON line per round, per scope and round, per start, and a summary go to -OutputPath. Exit code 1 when the
    floor check or a target count fails.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Accounts = 5,
    [int] $Regions = 4,
    [int] $Tasks = 20000,
    [int] $Clusters = 3,
    [int] $Families = 8,
    [int] $Instances = 5,
    [int] $FargatePercent = 20,
    [int] $LatencyMs = 20,
    # Steady rounds measured after the cold one.
    [int] $Rounds = 6,
    [string] $Interval = '10s',
    [int] $Starts = 5,
    [int] $PollMs = 50,
    [switch] $NoWarmupThrottle,
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorDll = (Resolve-Path $EmulatorDll).Path
$ChildScript = Join-Path $PSScriptRoot 'Start-BenchmarkLoop.ps1'
$work = Join-Path ([IO.Path]::GetTempPath()) "ecsd-fleet-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
if (-not $OutputPath) { $OutputPath = Join-Path ([IO.Path]::GetTempPath()) "ecsd-fleet-$PID.jsonl" }
New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null
Remove-Item $OutputPath -ErrorAction Ignore
$roundsFile = Join-Path $work 'rounds.jsonl'
$hubAccount = '123456789012'

# Never AWS: no instance metadata, no credential or config files. The hub's key is the generated fleet's mapping of
# AKID<account> to that account.
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_ACCESS_KEY_ID = "AKID$hubAccount"
$env:AWS_SECRET_ACCESS_KEY = 'dummy-secret-for-local-emulator'
$env:AWS_REGION = 'us-east-1'
Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction Ignore
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $work 'no-aws-credentials'
$env:AWS_CONFIG_FILE = Join-Path $work 'no-aws-config'

$intervalSec = if ($Interval -match '^(\d+(?:\.\d+)?)(ms|s|m)$') {
    switch ($Matches[2]) { 'ms' { [double]$Matches[1] / 1000 } 's' { [double]$Matches[1] } 'm' { [double]$Matches[1] * 60 } }
} else { throw "-Interval: give a duration such as 10s, 500ms or 1m, not '$Interval'." }

# The command that starts this same PowerShell: as a .NET tool the process is 'dotnet' running pwsh.dll.
$pwsh = @([Environment]::ProcessPath)
if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }

Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force

function Write-Json {
    param([System.Collections.IDictionary] $Fields)
    Add-Content -LiteralPath $OutputPath -Value ($Fields | ConvertTo-Json -Compress -Depth 6) -Encoding utf8
}

function Start-Loop {
    param([string] $Endpoint, [string[]] $RoleArns, [string[]] $RegionNames, [int] $Port)
    $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ChildScript,
        '-ModulePath', $ModulePath, '-Output', $roundsFile, '-EndpointUrl', $Endpoint, '-Path', (Join-Path $work 'targets'),
        '-RoleArn', ($RoleArns -join ','), '-Region', ($RegionNames -join ','), '-Interval', $Interval, '-MetricsPort', $Port)
    if ($NoWarmupThrottle) { $arguments += '-NoWarmupThrottle' }
    foreach ($argument in $arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    # Its warnings and errors go to a file, read back when it fails.
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $log = Join-Path $work 'loop.log'
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.File]::Open($log, 'Create', 'Write', 'ReadWrite'))
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.File]::Open("$log.err", 'Create', 'Write', 'ReadWrite'))
    $process
}

function Read-Rounds {
    if (-not (Test-Path $roundsFile)) { return @() }
    @(Get-Content -LiteralPath $roundsFile | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
}

# Polls the child's round lines until round $Number is there: the moment it ended, give or take the poll.
function Wait-Round {
    param([int] $Number, [System.Diagnostics.Process] $Loop, [double] $TimeoutSec)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        $round = Read-Rounds | Where-Object round -eq $Number | Select-Object -First 1
        if ($round) { return $round }
        if ($Loop.HasExited) { throw "The loop ended (exit code $($Loop.ExitCode)) before round ${Number}: $(Get-Content -Raw (Join-Path $work 'loop.log.err') -ErrorAction Ignore)" }
        Start-Sleep -Milliseconds 20
    }
    throw "Round $Number did not end within $TimeoutSec s."
}

function Get-TargetCount {
    param([string] $Uri)
    # Invoke-RestMethod writes a JSON array as one object; the pipeline unrolls it.
    $groups = @(Invoke-RestMethod -Uri $Uri -TimeoutSec 30 | ForEach-Object { $_ })
    [int](@($groups | ForEach-Object { @($_.targets).Count }) | Measure-Object -Sum).Sum
}

# Each account-region the emulator holds, with its listing floor from the live state.
function Get-Scopes {
    param([string] $Endpoint)
    @(Invoke-RestMethod "$Endpoint/_emulator/scopes" | ForEach-Object { $_ })
}

$started = [Diagnostics.Stopwatch]::StartNew()
$failures = [System.Collections.Generic.List[string]]::new()
Write-Host "Fleet benchmark: $Accounts accounts x $Regions regions, $Tasks tasks, $Clusters clusters per scope, ${LatencyMs} ms per call, interval $Interval, warm-up throttle $(if ($NoWarmupThrottle) { 'off' } else { 'on' }); JSON lines in $OutputPath"
$emulator = Start-BenchmarkEmulator -EmulatorDll $EmulatorDll -LatencyMs $LatencyMs -Spec "accounts=$Accounts,regions=$Regions,clusters=$Clusters,tasks=$Tasks,families=$Families,instances=$Instances,fargate-percent=$FargatePercent,intervals=30s+1m"
$loop = $null
try {
    $E = $emulator.Endpoint
    $scopes = Get-Scopes $E
    $accountIds = @($scopes.account | Select-Object -Unique)
    $regionNames = @($scopes.region | Select-Object -Unique)
    $roleArns = @($accountIds | ForEach-Object { "arn:aws:iam::${_}:role/ecs-discovery" })
    $served = ($scopes | Measure-Object runningTasks -Sum).Sum
    Write-Host ("Emulator at {0}: {1} scopes ({2} accounts x {3} regions), {4} running tasks, listing floors {5}" -f $E, $scopes.Count, $accountIds.Count,
        $regionNames.Count, $served, (($scopes.listingFloor | Select-Object -Unique) -join '/'))

    $port = Get-FreePort
    $loop = Start-Loop -Endpoint $E -RoleArns $roleArns -RegionNames $regionNames -Port $port
    $server = "http://127.0.0.1:$port"
    Write-Host "Loop pid $($loop.Id): -RoleArn x $($roleArns.Count), -Region $($regionNames -join ','), http_sd at $server/targets"

    # Round 1: cold. A round that takes longer than the interval is followed at once by the next, so the emulator's
    # counts can only be zeroed after the first round that did not overrun: then the next round starts an interval
    # after it did, seconds later.
    $cold = Wait-Round 1 $loop 900
    Write-Host ("Round 1 (cold): {0:0.00} s, {1}, {2} calls, RSS {3} MB{4}" -f $cold.durationSec, $cold.result, $cold.apiCalls, (MB $cold.rssBytes),
        $(if ($cold.overran) { ', overran the interval' } else { '' }))
    $settle = $cold
    while ($settle.overran) {
        $settle = Wait-Round ($settle.round + 1) $loop (3 * $intervalSec + 600)
        Write-Host ("Round {0} (started at once, not measured): {1:0.00} s, {2} calls" -f $settle.round, $settle.durationSec, $settle.apiCalls)
    }
    $beforeByScope = Invoke-RestMethod "$E/_emulator/calls/by-scope"
    Invoke-RestMethod -Method Post "$E/_emulator/calls/reset" | Out-Null
    $resetAt = [DateTime]::UtcNow
    $firstMeasured = $settle.round + 1

    # Each reading is one round exactly when the reset came before the round started and the round did not overrun
    # (else the next round's first calls may be in it); other readings are recorded but not judged.
    $steadyRounds = [System.Collections.Generic.List[object]]::new()
    $scopeRows = [System.Collections.Generic.List[object]]::new()
    $n = $firstMeasured
    while ($steadyRounds.Count -lt $Rounds -and $n -lt $firstMeasured + 3 * $Rounds) {
        $round = Wait-Round $n $loop (3 * $intervalSec + 600)
        $byScope = Invoke-RestMethod "$E/_emulator/calls/by-scope"
        Invoke-RestMethod -Method Post "$E/_emulator/calls/reset" | Out-Null
        $exact = ([DateTime]$round.startedAt).ToUniversalTime() -gt $resetAt -and -not $round.overran
        $resetAt = [DateTime]::UtcNow
        $floors = Get-Scopes $E
        $bad = 0
        foreach ($scope in $floors) {
            $key = "$($scope.account)/$($scope.region)"
            $counts = $byScope.PSObject.Properties[$key]
            $operations = [ordered]@{}
            if ($counts) { foreach ($p in $counts.Value.PSObject.Properties) { $operations[$p.Name] = [int]$p.Value } }
            $calls = [int](@($operations.Values) | Measure-Object -Sum).Sum
            $ok = $calls -eq $scope.listingFloor
            if (-not $ok) { $bad++ }
            if ($exact) {
                $scopeRows.Add([pscustomobject][ordered]@{ Round = $n; Scope = $key; Floor = $scope.listingFloor; Calls = $calls; Ok = $ok
                        Operations = (($operations.GetEnumerator() | ForEach-Object { "$($_.Key -replace '^ecs:', '') $($_.Value)" }) -join ', ') })
            }
            Write-Json ([ordered]@{ kind = 'scope'; round = $n; exact = $exact; scope = $key; floor = $scope.listingFloor; calls = $calls; ok = $ok; operations = $operations })
        }
        # Calls in an account-region the emulator holds nothing in (none expected).
        foreach ($p in $byScope.PSObject.Properties) {
            if (-not ($floors | Where-Object { "$($_.account)/$($_.region)" -eq $p.Name })) {
                $bad++
                if ($exact) { $failures.Add("round ${n}: calls in $($p.Name), which holds nothing") }
            }
        }
        Write-Json ([ordered]@{ kind = 'round'; round = $n; exact = $exact; durationSec = $round.durationSec; result = $round.result; apiCalls = $round.apiCalls
                rssBytes = $round.rssBytes; peakRssBytes = $round.peakRssBytes; gcHeapBytes = $round.gcHeapBytes; scopesOffFloor = $bad })
        if ($exact) {
            $steadyRounds.Add($round)
            if ($bad) { $failures.Add("round ${n}: $bad scope(s) off their listing floor") }
        }
        Write-Host ("Round {0} (steady{1}): {2:0.00} s, {3}, {4} calls, RSS {5} MB, {6} of {7} scopes at their floor" -f $n, $(if ($exact) { '' } else { ', overlapped a reset: not judged' }),
            $round.durationSec, $round.result, $round.apiCalls, (MB $round.rssBytes), ($floors.Count - $bad), $floors.Count)
        $n++
    }
    if ($steadyRounds.Count -lt $Rounds) { $failures.Add("only $($steadyRounds.Count) of $Rounds steady rounds could be counted exactly (rounds overran the interval)") }

    # The cold round's calls by operation: what came before the first reset (rounds 1 to $settle.round), less the
    # rounds after the first, which are steady and each cost what a measured steady round did (the floor check says so).
    $coldCalls = [ordered]@{}
    foreach ($scopeCounts in $beforeByScope.PSObject.Properties) {
        foreach ($p in $scopeCounts.Value.PSObject.Properties) { $coldCalls[$p.Name] = [int]$coldCalls[$p.Name] + [int]$p.Value }
    }
    if ($settle.round -gt 1 -and $steadyRounds.Count) {
        foreach ($line in Get-Content -LiteralPath $OutputPath | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object { $_.kind -eq 'scope' -and $_.round -eq $steadyRounds[0].round }) {
            foreach ($p in $line.operations.PSObject.Properties) { $coldCalls[$p.Name] = [int]$coldCalls[$p.Name] - ($settle.round - 1) * [int]$p.Value }
        }
    }
    Write-Json ([ordered]@{ kind = 'cold-calls'; roundsBeforeReset = $settle.round; byOperation = $coldCalls; byScope = $beforeByScope })
    Write-Json ([ordered]@{ kind = 'round'; round = 1; cold = $true; durationSec = $cold.durationSec; result = $cold.result; apiCalls = $cold.apiCalls
            rssBytes = $cold.rssBytes; peakRssBytes = $cold.peakRssBytes; gcHeapBytes = $cold.gcHeapBytes })

    # One full read of /targets, as a Prometheus refresh makes it, with the loop's memory around it: the whole answer
    # is rendered per request.
    $loop.Refresh()
    $peakBeforeRead = $loop.PeakWorkingSet64
    $readClock = [Diagnostics.Stopwatch]::StartNew()
    $full = Invoke-WebRequest -Uri "$server/targets" -TimeoutSec 60
    $readSec = $readClock.Elapsed.TotalSeconds
    $targetsBytes = $full.RawContentLength
    $servedTargets = [int](@($full.Content | ConvertFrom-Json | ForEach-Object { $_ } | ForEach-Object { @($_.targets).Count }) | Measure-Object -Sum).Sum
    $full = $null
    $loop.Refresh()
    $read = [ordered]@{ kind = 'targets-read'; bytes = $targetsBytes; seconds = $readSec; targets = $servedTargets
        peakRssBefore = $peakBeforeRead; peakRssAfter = $loop.PeakWorkingSet64; rssAfter = $loop.WorkingSet64 }
    Write-Json $read
    if ($servedTargets -ne $Tasks) { $failures.Add("/targets served $servedTargets targets, not $Tasks (one per generated task)") }

    # Task starts, each in another scope, at pseudo-random points of the interval (the same points on every run).
    $random = [Random]::new(13)
    $startRows = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $Starts; $i++) {
        # Account i and region i (each modulo its count): another account each time, and the regions in turn.
        $account = $accountIds[$i % $accountIds.Count]
        $regionName = $regionNames[$i % $regionNames.Count]
        $scope = $scopes | Where-Object { $_.account -eq $account -and $_.region -eq $regionName } | Select-Object -First 1
        $filter = "$server/targets?account=$($scope.account)&region=$($scope.region)&cluster=c0"
        Start-Sleep -Milliseconds ([int]($random.NextDouble() * $intervalSec * 1000))
        $before = Get-TargetCount $filter
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $body = @{ count = 1; taskDefinition = 'fam0:1'; containerInstance = 'ci0' } | ConvertTo-Json -Compress
        $arn = (Invoke-RestMethod -Method Post -ContentType 'application/json' -Body $body "$E/_emulator/clusters/c0/tasks?account=$($scope.account)&region=$($scope.region)").taskArns[0]
        $seen = $null
        while ($clock.Elapsed.TotalSeconds -lt 3 * $intervalSec + 120) {
            if ((Get-TargetCount $filter) -gt $before) { $seen = $clock.Elapsed.TotalSeconds; break }
            Start-Sleep -Milliseconds $PollMs
        }
        $row = [pscustomobject][ordered]@{ Scope = "$($scope.account)/$($scope.region)"; Task = ($arn -split '/')[-1]; 'Seconds to /targets' = if ($null -ne $seen) { [math]::Round($seen, 2) } else { 'never' } }
        $startRows.Add($row)
        Write-Json ([ordered]@{ kind = 'start'; scope = $row.Scope; taskArn = $arn; secondsToTargets = $seen })
        if ($null -eq $seen) { $failures.Add("the task started in $($row.Scope) did not appear at /targets") }
        Write-Host "Start $($i + 1)/${Starts}: $($row.Scope) $($row.'Seconds to /targets') s"
    }
    $afterStarts = Get-TargetCount "$server/targets"
    if ($afterStarts -ne $Tasks + $Starts) { $failures.Add("/targets served $afterStarts targets after the starts, not $($Tasks + $Starts)") }
    $last = Read-Rounds | Select-Object -Last 1
    foreach ($round in Read-Rounds | Where-Object round -ge $n) {
        Write-Json ([ordered]@{ kind = 'round'; round = $round.round; phase = 'starts'; durationSec = $round.durationSec; result = $round.result; apiCalls = $round.apiCalls
                rssBytes = $round.rssBytes; peakRssBytes = $round.peakRssBytes; gcHeapBytes = $round.gcHeapBytes })
    }
} finally {
    if ($loop) {
        if (-not $loop.HasExited) { $loop.Kill() }
        $loop.WaitForExit(15000) | Out-Null
    }
    Stop-BenchmarkEmulator $emulator.Process
}

$durations = @($steadyRounds.durationSec)
$latencies = @($startRows | Where-Object { $_.'Seconds to /targets' -is [double] } | ForEach-Object { $_.'Seconds to /targets' })
$lastSteady = $steadyRounds[-1]
$summary = [ordered]@{
    kind               = 'summary'
    accounts           = $accountIds.Count
    regions            = $regionNames.Count
    scopes             = $scopes.Count
    tasks              = $Tasks
    clustersPerScope   = $Clusters
    latencyMs          = $LatencyMs
    interval           = $Interval
    warmupThrottle     = -not $NoWarmupThrottle
    scopeConcurrency   = 4
    coldSec            = $cold.durationSec
    coldCalls          = $coldCalls
    steadyRounds       = $durations.Count
    steadyMedianSec    = Get-Median $durations
    steadyMaxSec       = ($durations | Measure-Object -Maximum).Maximum
    coldRssBytes       = $cold.rssBytes
    steadyRssBytes     = $lastSteady.rssBytes
    peakRssSteadyBytes = $lastSteady.peakRssBytes
    peakRssBytes       = $last.peakRssBytes
    steadyCallsPerRound = ($steadyRounds | Select-Object -Last 1).apiCalls
    floorTotal         = ($scopes | Measure-Object listingFloor -Sum).Sum
    floorCheck         = if (@($scopeRows | Where-Object { -not $_.Ok }).Count -eq 0 -and $scopeRows.Count -gt 0) { 'PASS' } else { 'FAIL' }
    targetsServed      = $servedTargets
    targetsBytes       = $targetsBytes
    targetsAfterStarts = $afterStarts
    startMedianSec     = Get-Median $latencies
    startMaxSec        = ($latencies | Measure-Object -Maximum).Maximum
    load               = (Get-Content /proc/loadavg -ErrorAction Ignore)
    cores              = [Environment]::ProcessorCount
    failures           = @($failures)
    minutes            = [math]::Round($started.Elapsed.TotalMinutes, 1)
}
Write-Json $summary

""
"Fleet benchmark: $($summary.scopes) scopes ($($summary.accounts) accounts x $($summary.regions) regions), $Tasks tasks, $Clusters clusters per scope, " +
"${LatencyMs} ms per call; a hub key assuming a role in each account; interval $Interval, SCOPE_CONCURRENCY 4, warm-up throttle $(if ($NoWarmupThrottle) { 'off' } else { 'on' })."
""
"Steady calls per scope (round $($lastSteady.round), the last steady round; every operation counted):"
$scopeRows | Where-Object Round -eq $lastSteady.round | Select-Object Scope, Floor, Calls, @{ n = 'Ok'; e = { if ($_.Ok) { 'ok' } else { 'OFF' } } }, Operations |
    Format-Table -AutoSize | Out-String -Width 200
$offRounds = @($scopeRows | Where-Object { -not $_.Ok } | Select-Object -ExpandProperty Round -Unique)
"Floor check over $($steadyRounds.Count) steady rounds x $($scopes.Count) scopes: $($summary.floorCheck)" +
$(if ($offRounds) { " (off in rounds $($offRounds -join ', '))" } else { " (every scope at its floor in every round; $($summary.floorTotal) calls a round in all)" })
""
"Task starts (poll every $PollMs ms; bounded by the interval, $Interval, plus a round):"
$startRows | Format-Table -AutoSize | Out-String -Width 200
$table = [ordered]@{
    'Cold round'                     = '{0:0.00} s ({1}, {2} calls)' -f $cold.durationSec, $cold.result, $cold.apiCalls
    'Cold round calls'               = (($coldCalls.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', ')
    'Steady round'                   = 'median {0:0.00} s, max {1:0.00} s over {2} rounds, {3} calls each' -f $summary.steadyMedianSec, $summary.steadyMaxSec, $durations.Count, $summary.steadyCallsPerRound
    'RSS of the loop'                = 'after the cold round {0} MB, after the last steady round {1} MB; peak {2} MB by then, {3} MB at the end (after the starts and /targets reads)' -f (MB $cold.rssBytes), (MB $lastSteady.rssBytes), (MB $lastSteady.peakRssBytes), (MB $summary.peakRssBytes)
    'Targets at /targets'            = "$servedTargets (expected $Tasks); after the starts $afterStarts (expected $($Tasks + $Starts))"
    'One full GET /targets'          = '{0:0.0} MB in {1:0.00} s; the loop''s peak RSS {2} MB before it, {3} MB after' -f ($targetsBytes / 1MB), $readSec, (MB $read.peakRssBefore), (MB $read.peakRssAfter)
    'Task start to /targets'         = if ($latencies) { 'median {0:0.00} s, max {1:0.00} s over {2} starts (interval {3})' -f $summary.startMedianSec, $summary.startMaxSec, $latencies.Count, $Interval } else { '-' }
    'Machine'                        = "$($summary.cores) cores; load average at the end: $($summary.load)"
    'Took'                           = "$($summary.minutes) min"
}
[pscustomobject]$table | Format-List | Out-String -Width 200
if ($failures.Count) {
    foreach ($failure in $failures) { "FAIL: $failure" }
    exit 1
}
"PASS"
