<#
.SYNOPSIS
    The scale benchmark (issue 10): for 1,000, 10,000 and 30,000 tasks against the emulator with 20 ms per call, the
    steady round's calls and time, the cold round's time, and the memory of a loop process (after 10 rounds, after a
    soak, over an idle PowerShell). Prints one table and the soak's memory curve; run on demand
    (build.ps1 benchmark -Scale), never in CI.

.DESCRIPTION
    For each size:
      1. a fresh emulator (tests/EcsDiscoverer.Emulator) serving a generated scenario (-Clusters clusters,
         -Families task definitions, -FargatePercent % Fargate, intervals 30s and 1m) with --latency, no rate limit;
      2. unless -SkipWarmupCold, a child pwsh runs one cold round with the warm-up throttle on (the loop's default);
      3. a child pwsh runs Start-EcsDiscoveryLoop -NoWarmupThrottle for -Rounds rounds at -Interval (the loop's default
         when empty), then one more round whose calls the emulator counts exactly (the steady check);
      4. for -SoakSize, a child pwsh runs -SoakRounds rounds at -SoakInterval (as fast as the loop allows) for the
         memory curve.
    Then, at -AwsLimitsSize tasks, a fresh emulator with --aws-limits and the module's default budgets and interval:
    the steady rounds must not be throttled. And once, an idle child pwsh that only imports the module: the baseline.

    Every child is started with this same PowerShell (the pinned one when run through build.ps1), imports the built
    module and writes one JSON line per round (tests/Benchmarks/Measure-LoopRounds.ps1) to -OutputPath: durations,
    API calls, WorkingSet64, GC heap, collection counts, the emulator's counts.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    # Task counts; "1000,10000" works too (pwsh -File passes one string).
    [string[]] $Sizes = @('1000', '10000', '30000'),
    [int] $Clusters = 3,
    [int] $Families = 40,
    # Container instances per cluster.
    [int] $Instances = 30,
    [int] $FargatePercent = 20,
    [int] $LatencyMs = 20,
    # Rounds of the timing run: the steady time is the median of rounds 3..Rounds, the RSS is taken after the last.
    [int] $Rounds = 10,
    # Start to start. Empty: the loop's default (15 s), at which the client budget refills between rounds.
    [string] $Interval = '',
    [int] $SoakRounds = 200,
    [int] $SoakSize = 10000,
    [string] $SoakInterval = '1s',
    # The soak's client budget: it measures memory, not pacing, so 200 rounds take minutes rather than the half hour
    # the default budget (about 10 s a round at 10,000 tasks) would; 0 keeps the default.
    [double] $SoakRequestsPerSecond = 100,
    [int] $SoakBurst = 300,
    # The memory curve prints the RSS every this many soak rounds; 0: 20, or a tenth of a short soak.
    [int] $CurveEvery = 0,
    # The last 100 soak rounds (fewer in a short soak) are flat when their RSS spread is at most this.
    [double] $FlatMB = 10,
    # 0 skips the check with AWS-shaped limits.
    [int] $AwsLimitsSize = 10000,
    [switch] $SkipWarmupCold,
    # Run every child (the idle baseline too) with the container recipe's runtime settings (docs/deploy/Dockerfile):
    # DOTNET_gcServer=0, DOTNET_TieredPGO=0, MALLOC_ARENA_MAX=2.
    [switch] $RecipeEnvironment,
    # Where the JSON lines go (default: a file in the temporary directory).
    [string] $OutputPath,
    # Only print the report of an earlier run's -OutputPath (same -Sizes, -Rounds, -SoakSize, -AwsLimitsSize).
    [switch] $ReportOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
[int[]] $Sizes = @($Sizes | ForEach-Object { $_ -split ',' } | Where-Object { $_ } | ForEach-Object { [int]$_ })
if ($CurveEvery -le 0) { $CurveEvery = [int][math]::Max(1, [math]::Min(20, [math]::Ceiling($SoakRounds / 10))) }
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorDll = (Resolve-Path $EmulatorDll).Path
$ChildScript = Join-Path $PSScriptRoot 'Measure-LoopRounds.ps1'
$work = Join-Path ([IO.Path]::GetTempPath()) "ecsd-scale-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
if (-not $OutputPath) { $OutputPath = Join-Path ([IO.Path]::GetTempPath()) "ecsd-scale-$PID.jsonl" }
New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null

# Never AWS: dummy credentials, no instance metadata (build.ps1 sets the same; this script may run alone).
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_ACCESS_KEY_ID = 'AKIDEXAMPLEDUMMY'
$env:AWS_SECRET_ACCESS_KEY = 'dummy-secret-for-local-emulator'
$env:AWS_REGION = 'us-east-1'
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $work 'no-aws-credentials'
$env:AWS_CONFIG_FILE = Join-Path $work 'no-aws-config'

if ($RecipeEnvironment) {
    $env:DOTNET_gcServer = '0'
    $env:DOTNET_TieredPGO = '0'
    $env:MALLOC_ARENA_MAX = '2'
}

$clusterNames = (0..($Clusters - 1) | ForEach-Object { "c$_" }) -join ','

# The command that starts this same PowerShell: as a .NET tool the process is 'dotnet' running pwsh.dll.
$pwsh = @([Environment]::ProcessPath)
if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }

Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force

function Invoke-Child {
    param([hashtable[]] $Parts)
    $Arguments = [ordered]@{}
    foreach ($part in $Parts) { foreach ($key in $part.Keys) { $Arguments[$key] = $part[$key] } }
    $list = [System.Collections.Generic.List[string]]::new()
    foreach ($key in $Arguments.Keys) {
        $value = $Arguments[$key]
        if ($value -is [bool]) { if ($value) { $list.Add("-$key") } } else { $list.Add("-$key"); $list.Add([string]$value) }
    }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $ChildScript -ModulePath $ModulePath -Output $OutputPath @list | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed (exit code $LASTEXITCODE): $($list -join ' ')" }
}

function Start-ScaleEmulator {
    param([int] $Tasks, [string[]] $Extra = @())
    Start-BenchmarkEmulator -EmulatorDll $EmulatorDll -LatencyMs $LatencyMs -Extra $Extra `
        -Spec "clusters=$Clusters,tasks=$Tasks,families=$Families,instances=$Instances,fargate-percent=$FargatePercent,intervals=30s+1m"
}

function Read-Line {
    param([string] $Label, [int] $Tasks)
    if (-not (Test-Path $OutputPath)) { return @() }
    @(Get-Content $OutputPath | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object { $_.label -eq $Label -and $_.tasks -eq $Tasks })
}

# Least-squares slope of y over x, per unit of x.
function Get-Slope {
    param([double[]] $X, [double[]] $Y)
    $n = $X.Count
    if ($n -lt 2) { return 0 }
    $meanX = ($X | Measure-Object -Average).Average
    $meanY = ($Y | Measure-Object -Average).Average
    $num = 0.0
    $den = 0.0
    for ($i = 0; $i -lt $n; $i++) {
        $num += ($X[$i] - $meanX) * ($Y[$i] - $meanY)
        $den += ($X[$i] - $meanX) * ($X[$i] - $meanX)
    }
    if ($den -eq 0) { 0 } else { $num / $den }
}

# The median of a cumulative counter's growth per steady round (rounds 3 and later), e.g. cpuSec; '-' without it.
function Get-SteadyDelta {
    param([object[]] $Timed, [string] $Field, [double] $Scale = 1)
    $with = @($Timed | Where-Object { $_.PSObject.Properties[$Field] } | Sort-Object round)
    $spent = for ($i = 1; $i -lt $with.Count; $i++) {
        if ($with[$i].round -ge 3) { ($with[$i].$Field - $with[$i - 1].$Field) / $Scale }
    }
    if (@($spent).Count -eq 0) { return '-' }
    [math]::Round((Get-Median @($spent)), 2)
}


$started = [Diagnostics.Stopwatch]::StartNew()
if ($ReportOnly) {
    if (-not (Test-Path $OutputPath)) { throw "-ReportOnly needs the JSON lines of an earlier run in -OutputPath; $OutputPath does not exist." }
} else {
    Remove-Item $OutputPath -ErrorAction Ignore
    Write-Host "Scale benchmark: sizes $($Sizes -join ', '); $Clusters clusters, $Families task definitions, $FargatePercent % Fargate, ${LatencyMs} ms per call; JSON lines in $OutputPath"
    Write-Host 'Idle: a pwsh that only imports the module'
    Invoke-Child @{ Label = 'idle'; Idle = $true }
    try {
        foreach ($size in $Sizes) {
            Write-Host "[$size tasks] starting the emulator"
            $emulator = Start-ScaleEmulator -Tasks $size
            try {
                $common = @{ Tasks = $size; EndpointUrl = $emulator.Endpoint; Cluster = $clusterNames; ProgressEvery = 0 }
                if (-not $SkipWarmupCold) {
                    Write-Host "[$size tasks] cold round with the warm-up throttle"
                    Invoke-Child $common, @{ Label = 'cold-warmup'; MaxRounds = 1; Path = (Join-Path $work "warmup-$size") }
                }

                Write-Host "[$size tasks] $Rounds rounds at $(if ($Interval) { $Interval } else { 'the default interval' }), no warm-up throttle, then the steady check"
                $timing = @{ Label = 'timing'; MaxRounds = $Rounds; NoWarmupThrottle = $true; SteadyCheck = $true; NoEmulatorCounts = $true; Path = (Join-Path $work "timing-$size"); ProgressEvery = 5 }
                if ($Interval) { $timing['Interval'] = $Interval }
                Invoke-Child $common, $timing

                if ($size -eq $SoakSize -and $SoakRounds -gt 0) {
                    Write-Host "[$size tasks] soak: $SoakRounds rounds at $SoakInterval"
                    Invoke-Child $common, @{ Label = 'soak'; MaxRounds = $SoakRounds; Interval = $SoakInterval; NoWarmupThrottle = $true; NoEmulatorCounts = $true
                        RequestsPerSecond = $SoakRequestsPerSecond; Burst = $SoakBurst; Path = (Join-Path $work "soak-$size"); ProgressEvery = $CurveEvery }
                }
            } finally {
                Stop-BenchmarkEmulator $emulator.Process
            }
        }

        if ($AwsLimitsSize -gt 0) {
            Write-Host "[$AwsLimitsSize tasks] --aws-limits: the module's default budgets, warm-up throttle and interval, 3 rounds"
            $emulator = Start-ScaleEmulator -Tasks $AwsLimitsSize -Extra '--aws-limits'
            try {
                Invoke-Child @{ Label = 'aws-limits'; Tasks = $AwsLimitsSize; EndpointUrl = $emulator.Endpoint; Cluster = $clusterNames; MaxRounds = 3; Path = (Join-Path $work 'aws-limits'); ProgressEvery = 1 }
            } finally {
                Stop-BenchmarkEmulator $emulator.Process
            }
        }
    } finally {
        Remove-Item $work -Recurse -Force -ErrorAction Ignore
    }
}

# The report: everything below reads the JSON lines only.
$idle = (Read-Line 'idle' 0)[-1]
$rows = [System.Collections.Generic.List[object]]::new()
$notes = [System.Collections.Generic.List[string]]::new()
foreach ($size in $Sizes) {
    $timed = Read-Line 'timing' $size
    if (-not $timed) { continue }
    $check = (Read-Line 'timing-steady-check' $size) | Select-Object -Last 1
    $steady = @($timed | Where-Object round -ge 3)
    $afterTen = $timed | Where-Object round -eq $Rounds | Select-Object -First 1
    $soakLast = Read-Line 'soak' $size | Select-Object -Last 1
    $warm = Read-Line 'cold-warmup' $size | Select-Object -First 1
    $engine = if ($afterTen) { $afterTen.rssBytes - $idle.rssBytes } else { $null }
    $rows.Add([pscustomobject][ordered]@{
            Tasks              = $size
            'Steady calls'     = if ($check) { "$($check.apiCalls) / $($check.emulatorServed)" } else { '-' }
            'Steady s'         = [math]::Round((Get-Median @($steady.durationSec)), 2)
            'Steady CPU s'     = Get-SteadyDelta $timed 'cpuSec'
            'Steady alloc MB'  = Get-SteadyDelta $timed 'gcAllocatedBytes' 1MB
            'Cold s'           = [math]::Round(($timed | Where-Object round -eq 1).durationSec, 2)
            'Cold s (warm-up)' = if ($warm) { [math]::Round($warm.durationSec, 2) } else { '-' }
            "RSS@$Rounds MB"   = MB $afterTen.rssBytes
            'Peak RSS MB'      = if ($afterTen -and $afterTen.PSObject.Properties['peakRssBytes']) { MB $afterTen.peakRssBytes } else { '-' }
            'RSS@soak MB'      = if ($soakLast) { "$(MB $soakLast.rssBytes) (r$($soakLast.round))" } else { '-' }
            "Heap@$Rounds MB"  = MB $afterTen.gcHeapBytes
            'Idle MB'          = MB $idle.rssBytes
            'Engine MB'        = MB $engine
            'B/task'           = if ($null -ne $engine) { [int64][math]::Round($engine / $size, 0) } else { '-' }
        })
    $failed = @($timed | Where-Object result -ne 'Success')
    if ($failed) { $notes.Add("$size tasks: $($failed.Count) timing round(s) not Success: $(($failed | ForEach-Object { "r$($_.round) $($_.result) $($_.failure)" }) -join '; ')") }
    $overran = @($steady | Where-Object overran)
    if ($overran) { $notes.Add("$size tasks: $($overran.Count) of $($steady.Count) steady rounds took longer than the interval (paced by the client budget, or slow).") }
    if ($check -and ($check.emulatorThrottled -gt 0 -or $check.throttledCalls -gt 0)) { $notes.Add("$size tasks: the steady check was throttled ($($check.throttledCalls) by the engine's count).") }
}
$aws = @(if ($AwsLimitsSize -gt 0) { Read-Line 'aws-limits' $AwsLimitsSize })

""
"Scale benchmark: $Clusters clusters, $Families task definitions, $FargatePercent % Fargate, ${LatencyMs} ms per call; " +
"timing rounds at $(if ($Interval) { $Interval } else { "the loop's default interval" }) without the warm-up throttle; " +
"idle pwsh $(MB $idle.rssBytes) MB (server GC: $($idle.serverGc), $($idle.gcLatencyMode))" +
$(if ($RecipeEnvironment) { '; with the container recipe''s runtime settings.' } else { '.' })
$rows | Format-Table -Property * -AutoSize | Out-String -Width 250
foreach ($note in $notes) { "Note: $note" }

$soak = @(Read-Line 'soak' $SoakSize)
if ($soak) {
    ""
    "Memory curve: $($soak.Count) rounds at $SoakInterval, $SoakSize tasks (a process of its own; RSS after the round)"
    $curve = @($soak | Where-Object { $_.round -eq 1 -or $_.round % $CurveEvery -eq 0 -or $_.round -eq $soak[-1].round }) |
        ForEach-Object { [pscustomobject][ordered]@{ Round = $_.round; 'RSS MB' = MB $_.rssBytes; 'GC heap MB' = MB $_.gcHeapBytes; 'Committed MB' = MB $_.gcCommittedBytes; 'Gen2 GCs' = $_.gen2; 'Round s' = [math]::Round($_.durationSec, 2) } }
    $curve | Format-Table -Property * -AutoSize | Out-String -Width 200
    $window = [math]::Min(100, [math]::Max(1, $soak.Count - $Rounds))
    $tail = @($soak | Select-Object -Last $window)
    $rss = $tail | Measure-Object rssBytes -Minimum -Maximum
    $spread = ($rss.Maximum - $rss.Minimum) / 1MB
    $verdict = if ($spread -le $FlatMB) { 'flat' } else { 'NOT flat' }
    $engineAfterSoak = $soak[-1].rssBytes - $idle.rssBytes
    # The trend (least squares, across the window) tells growth from the GC's breathing, for the RSS and GC.GetTotalMemory(false).
    $x = @($tail | ForEach-Object { [double]$_.round })
    $span = [math]::Max(1, $x[-1] - $x[0])
    $rssTrend = (Get-Slope $x @($tail | ForEach-Object { $_.rssBytes / 1MB })) * $span
    $liveTrend = (Get-Slope $x @($tail | ForEach-Object { $_.gcTotalBytes / 1MB })) * $span
    ("Last {0} rounds: RSS {1}-{2} MB, spread {3:0.0} MB: {4} (at most {5} MB); trend across them {6:+0.0;-0.0} MB (GC total memory {7:+0.0;-0.0} MB)." -f
        $window, (MB $rss.Minimum), (MB $rss.Maximum), $spread, $verdict, $FlatMB, $rssTrend, $liveTrend)
    ("After the soak the engine adds {0} MB over the idle pwsh, {1:0} B per task; {2:0.0} gen0 and {3:0.0} gen2 collections per round." -f
        (MB $engineAfterSoak), ($engineAfterSoak / $SoakSize), (($tail[-1].gen0 - $tail[0].gen0) / [math]::Max(1, $tail.Count - 1)),
        (($tail[-1].gen2 - $tail[0].gen2) / [math]::Max(1, $tail.Count - 1)))
}

if ($aws.Count -gt 0) {
    ""
    "AWS-shaped limits (--aws-limits) at $AwsLimitsSize tasks, the module's default budgets, warm-up throttle and interval:"
    $previous = 0
    $aws | ForEach-Object {
        $delta = $_.emulatorThrottled - $previous
        $previous = $_.emulatorThrottled
        [pscustomobject][ordered]@{ Round = $_.round; Result = $_.result; 'Round s' = [math]::Round($_.durationSec, 2); ApiCalls = $_.apiCalls; ThrottledByAws = $_.throttledCalls; 'Emulator throttled' = $delta }
    } | Format-Table -AutoSize | Out-String -Width 200
    $steadyThrottled = ($aws | Where-Object round -ge 2 | Measure-Object throttledCalls -Sum).Sum
    if ($steadyThrottled -eq 0) { "Steady rounds not throttled: OK." } else { "Steady rounds throttled $steadyThrottled time(s): NOT OK." }
}

""
if (-not $ReportOnly) { "Took $([math]::Round($started.Elapsed.TotalMinutes, 1)) min; the per-round JSON lines are in $OutputPath" }
