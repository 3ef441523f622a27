<#
.SYNOPSIS
    Measures the API calls of discovery rounds against the emulator with AWS-like rate limits: the cold round,
    a steady round, a round after churn, a cron run with -CachePath in a new process, and, for comparison, a cold
    round without the client-side throttle. Prints one table; run on demand (build.ps1 benchmark).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Clusters = 3,
    [int] $Tasks = 1200,
    [int] $Families = 40,
    [int] $Instances = 30,
    [int] $FargatePercent = 20,
    # ECS's documented sustained rate and burst for read actions, per account and region.
    [double] $RateLimit = 20,
    [int] $Burst = 50
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorDll = (Resolve-Path $EmulatorDll).Path
Import-Module $ModulePath -Force
$work = Join-Path ([IO.Path]::GetTempPath()) "ecsd-benchmark-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
$spec = "clusters=$Clusters,tasks=$Tasks,families=$Families,instances=$Instances,fargate-percent=$FargatePercent,intervals=30s+1m"
$log = Join-Path $work 'emulator.out'
$emulator = Start-Process dotnet -ArgumentList @($EmulatorDll, '--generate', $spec, '--port', '0', '--rate-limit', $RateLimit, '--burst', $Burst) -RedirectStandardOutput $log -PassThru -NoNewWindow
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not ((Get-Content $log -ErrorAction Ignore) -match 'listening on (http://\S+)')) {
        if ([DateTime]::UtcNow -gt $deadline -or $emulator.HasExited) { throw "The emulator did not start: $(Get-Content -Raw $log)" }
        Start-Sleep -Milliseconds 100
    }
    $endpoint = [regex]::Match((Get-Content -Raw $log), 'listening on (http://\S+)').Groups[1].Value.TrimEnd('/')
    $clusterNames = 0..($Clusters - 1) | ForEach-Object { "c$_" }
    $common = @{ EndpointUrl = $endpoint; Region = 'us-east-1'; Cluster = $clusterNames }
    $rows = [System.Collections.Generic.List[object]]::new()

    function Measure-Round {
        param([string] $Name, [scriptblock] $Run)
        Invoke-RestMethod -Method Post "$endpoint/_emulator/calls/reset" | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $targets = & $Run
        $seconds = $watch.Elapsed.TotalSeconds
        $calls = Invoke-RestMethod "$endpoint/_emulator/calls"
        $count = { param($key) $n = $calls.$key; if ($n) { [int]$n } else { 0 } }
        $served = { param($key) (& $count $key) - (& $count "throttled:$key") }
        $throttled = @($calls.PSObject.Properties | Where-Object Name -like 'throttled:*' | ForEach-Object { [int]$_.Value } | Measure-Object -Sum).Sum
        $rows.Add([pscustomobject]@{
                Round                    = $Name
                Seconds                  = [math]::Round($seconds, 2)
                Targets                  = $targets
                ListClusters             = & $served 'ecs:ListClusters'
                ListTasks                = & $served 'ecs:ListTasks'
                DescribeTasks            = & $served 'ecs:DescribeTasks'
                DescribeTaskDefinition   = & $served 'ecs:DescribeTaskDefinition'
                DescribeContainerInst    = & $served 'ecs:DescribeContainerInstances'
                'EC2 DescribeInstances'  = & $served 'ec2:DescribeInstances'
                ThrottledByAws           = [int]$throttled
            })
    }

    function Invoke-LoopRound {
        param([hashtable] $Extra = @{})
        Start-EcsDiscoveryLoop @common @Extra -Path (Join-Path $work 'loop') -MaxRounds 1 -NoMetricsServer -InformationVariable info -WarningAction SilentlyContinue
        [int]($info.MessageData[-1].TargetsByFile.Values | Measure-Object -Sum).Sum
    }

    Measure-Round 'loop: cold (warm-up throttle)' { Invoke-LoopRound }
    Measure-Round 'loop: steady' { Invoke-LoopRound }
    Invoke-RestMethod -Method Post "$endpoint/_emulator/clusters/c1/tasks" -ContentType 'application/json' -Body '{"count":10,"taskDefinition":"fam1:1","containerInstance":"ci1"}' | Out-Null
    Measure-Round 'loop: 10 tasks started' { Invoke-LoopRound }

    $cache = Join-Path $work 'cache.json'
    $cron = "Import-Module '$ModulePath'; `$t = Export-EcsFileSd -Path '$(Join-Path $work 'cron')' -EndpointUrl '$endpoint' -Region us-east-1 -Cluster $($clusterNames -join ',') -CachePath '$cache' -PassThru -WarningAction SilentlyContinue; (Get-Content -Raw `$t.FullName | ConvertFrom-Json).Count | Measure-Object -Sum | % Sum"
    $pwsh = @([Environment]::ProcessPath)
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
    Measure-Round 'cron: first process, no cache file' { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command $cron }
    Measure-Round 'cron: next process, -CachePath' { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command $cron }

    Clear-EcsDiscoveryCache
    Measure-Round 'cold, no client throttle (comparison)' { Invoke-LoopRound @{ NoWarmupThrottle = $true; RequestsPerSecond = 1000; Burst = 1000 } }

    "Scenario: $spec; emulator rate limit $RateLimit/s, burst $Burst per service (like ECS)."
    "Calls served per operation (throttled attempts counted separately):"
    $rows | Format-Table -AutoSize | Out-String -Width 250
} finally {
    Stop-Process -Id $emulator.Id -Force -ErrorAction Ignore
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
