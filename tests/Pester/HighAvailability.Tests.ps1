# High availability without coordination (issue 13, item 4): two loops discover the same account side by side and,
# since their output is a function of the AWS state alone, serve identical targets. A real Prometheus reads them in
# the two layouts of docs/high-availability.md, one replica is killed, tasks start and stop, the replica comes back:
#   ha-both      both replicas' /targets in one job. Prometheus merges the two lists and drops the duplicates; when a
#                refresh fails it keeps that URL's last list (discovery/refresh/refresh.go), so after a kill a task
#                stopped later lingers until the dead replica answers again, while a task started later appears.
#   ha-failover  one URL, a health-checked failover in front of the replicas (as a load balancer in front of an ECS
#                service's tasks): exactly right throughout.
# The timeline is printed and written to $env:ECSD_HA_TIMELINE (default out/ha-timeline.txt).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Clock = [Diagnostics.Stopwatch]::StartNew()
    $script:Timeline = [Collections.Generic.List[string]]::new()
    $script:Logs = Join-Path $TestDrive 'logs'
    New-Item -ItemType Directory -Path $Logs | Out-Null
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:PortA = Get-FreePort
    $script:PortB = Get-FreePort
    $script:DirA = Join-Path $TestDrive 'a'
    $script:DirB = Join-Path $TestDrive 'b'
    # Kept for the restart: same directory, same port.
    $script:LoopAParameters = @{ Name = 'a'; Path = $DirA; EndpointUrl = $Emulator.Endpoint; Port = $PortA; LogDirectory = $Logs }
    $script:LoopA = Start-TestLoopProcess @LoopAParameters
    $script:LoopB = Start-TestLoopProcess -Name 'b' -Path $DirB -EndpointUrl $Emulator.Endpoint -Port $PortB -LogDirectory $Logs
    $script:Proxy = Start-TestFailoverProxy -Backend $LoopA.Uri, $LoopB.Uri
    # refresh_interval 1s: Prometheus sets no lower bound; it is also each request's timeout, ample on loopback.
    # Scrapes go through a closed loopback port: the emulated tasks' private addresses are never contacted.
    $job = "    scrape_interval: 1m`n    scrape_timeout: 5s`n    proxy_url: 'http://127.0.0.1:1'`n    http_sd_configs:`n"
    $sd = { param($url) "      - url: '$url'`n        refresh_interval: 1s`n" }
    $script:Prometheus = Start-TestPrometheus -ScrapeConfigs (
        "  - job_name: 'ha-both'`n" + $job + (& $sd "$($LoopA.Uri)/targets") + (& $sd "$($LoopB.Uri)/targets") +
        "  - job_name: 'ha-failover'`n" + $job + (& $sd "$($Proxy.Uri)/targets"))

    # The targets a file_sd reader of Dir would scrape: "url job instance" lines, duplicates merged as Prometheus does.
    function Get-ExpectedTarget([string] $Dir) {
        @(Get-ExpectedFromFiles $Dir | ForEach-Object { $_.Split(' ', 2)[1] } | Sort-Object -Unique)
    }
    function Get-JobTarget($Targets, [string] $Job) {
        @($Targets | Where-Object scrapePool -eq $Job | ForEach-Object { '{0} {1} {2}' -f $_.scrapeUrl, $_.labels.job, $_.labels.instance } | Sort-Object)
    }
    # Both sorted; either may be empty (Prometheus has not loaded a job yet), which Compare-Object refuses.
    function Test-Same([string[]] $A, [string[]] $B) { (@($A) -join "`n") -ceq (@($B) -join "`n") }
    # Waits until the loop at Uri answers /-/ready with 200 (a round succeeded); throws with its log when not.
    function Wait-LoopReady($Loop, [double] $Seconds = 40) {
        try {
            Wait-Until {
                try { (Invoke-WebRequest "$($Loop.Uri)/-/ready" -SkipHttpErrorCheck -TimeoutSec 2).StatusCode -eq 200 }
                catch [System.Net.Http.HttpRequestException] { $false }
            } -Seconds $Seconds
        } catch {
            throw "Loop $($Loop.Name) did not become ready: $(Get-Content -Raw (Join-Path $Logs "loop-$($Loop.Name).out") -ErrorAction Ignore) $(Get-Content -Raw (Join-Path $Logs "loop-$($Loop.Name).err") -ErrorAction Ignore)"
        }
    }
    # One line of the timeline: what each job shows against Expected; Lingering are lines allowed (and reported) extra.
    function Add-TimelineEntry([string] $Event, [string[]] $Expected) {
        $targets = Get-PrometheusActiveTarget $Prometheus
        $cells = foreach ($job in 'ha-both', 'ha-failover') {
            $shown = Get-JobTarget $targets $job
            $extra = @($shown | Where-Object { $_ -notin $Expected }).Count
            $missing = @($Expected | Where-Object { $_ -notin $shown }).Count
            # The list before the last change, still shown: Prometheus has not applied the change yet (its discovery
            # manager passes updates on every 5 s), which is lag, not a wrong answer.
            $verdict = if ($extra + $missing -eq 0) { 'right' }
                elseif ($script:Previous -and (Test-Same $shown $script:Previous)) { 'previous list' }
                else { "WRONG (+$extra stale, -$missing missing)" }
            '{0}: {1,2} {2}' -f $job, $shown.Count, $verdict
        }
        # Which replica the failover sent Prometheus's last refresh to.
        $last = Get-Content $Proxy.Log | Where-Object { $_ -match '/targets -> ' } | Select-Object -Last 1
        $via = if ($last -match " -> $([regex]::Escape($LoopA.Uri)) ") { 'A' } elseif ($last -match " -> $([regex]::Escape($LoopB.Uri)) ") { 'B' } else { '-' }
        $line = '{0,5:0.0}s  {1,-40} expected {2,2} | {3} via {4}' -f $Clock.Elapsed.TotalSeconds, $Event, $Expected.Count, ($cells -join ' | '), $via
        $Timeline.Add($line)
        Write-Host $line
    }
}

AfterAll {
    Stop-TestPrometheus $script:Prometheus
    Stop-TestFailoverProxy $script:Proxy
    Stop-TestLoopProcess $script:LoopA
    Stop-TestLoopProcess $script:LoopB
    Stop-TestEmulator $script:Emulator
    if ($script:Timeline -and $script:Timeline.Count) {
        $file = if ($env:ECSD_HA_TIMELINE) { $env:ECSD_HA_TIMELINE } else { Join-Path $PSScriptRoot '../../out/ha-timeline.txt' }
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $file) | Out-Null
        Set-Content -Path $file -Value (@('seconds since start, event, targets expected | ha-both (two URLs in one job) | ha-failover (one health-checked URL) via the replica it last used') + $script:Timeline)
    }
}

Describe 'Two loops without coordination, read by a real Prometheus' {
    It 'both replicas write byte-identical files and serve byte-identical /targets' {
        Wait-LoopReady $LoopA
        Wait-LoopReady $LoopB
        $namesA = @(Get-ChildItem $DirA -Filter *.json | ForEach-Object Name | Sort-Object)
        $namesA.Count | Should -Be 5
        @(Get-ChildItem $DirB -Filter *.json | ForEach-Object Name | Sort-Object) | Should -Be $namesA
        foreach ($name in $namesA) {
            (Get-FileHash (Join-Path $DirB $name)).Hash | Should -Be (Get-FileHash (Join-Path $DirA $name)).Hash -Because "$name is a function of the AWS state"
        }
        foreach ($query in '', '?interval=15s', '?interval=30s', '?interval=1m', '?interval=5m', '?interval=generic', '?cluster=demo-ec2') {
            $a = Invoke-WebRequest "$($LoopA.Uri)/targets$query"
            $b = Invoke-WebRequest "$($LoopB.Uri)/targets$query"
            $b.Content | Should -BeExactly $a.Content -Because "/targets$query is a function of the AWS state"
        }
        $script:Expected = Get-ExpectedTarget $DirB
        $Expected.Count | Should -BeGreaterThan 5
        Add-TimelineEntry 'A and B ready, identical' $Expected
    }

    It 'shows exactly the files'' targets in both jobs, the two URLs'' duplicates merged' {
        $null = Wait-PrometheusActiveTarget $Prometheus -TimeoutSeconds 30 {
            param($t) (Test-Same (Get-JobTarget $t 'ha-both') $Expected) -and (Test-Same (Get-JobTarget $t 'ha-failover') $Expected)
        }
        Add-TimelineEntry 'both jobs exact' $Expected
        # Each target came from both URLs (its __meta_url); after relabelling they are one target.
        $both = Get-PrometheusActiveTarget $Prometheus | Where-Object scrapePool -eq 'ha-both'
        @($both).Count | Should -Be $Expected.Count
    }

    It 'after replica A is killed and tasks start and stop: ha-failover exact, ha-both has the new task and keeps the stopped one' {
        Stop-TestLoopProcess $LoopA
        $LoopA.Process.HasExited | Should -BeTrue
        Add-TimelineEntry 'A killed (SIGKILL)' $Expected
        $proxyLinesBefore = @(Get-Content $Proxy.Log).Count

        # A task starts (before the other stops, so it cannot take over the stopped one's host port) and one stops.
        $started = Invoke-RestMethod -Method Post -Uri "$($Emulator.Endpoint)/_emulator/clusters/demo-ec2/tasks" -ContentType 'application/json' `
            -Body '{"taskDefinition":"bridge-dynamic-port:2","containerInstance":"6f1e2d3c4b5a49788a7b6c5d4e3f2a01"}'
        @($started.taskArns).Count | Should -Be 1
        Invoke-RestMethod -Method Delete -Uri "$($Emulator.Endpoint)/_emulator/clusters/demo-ec2/tasks/a3f1c2d4e5b64f7a8c9d0e1f2a3b4c01" | Out-Null
        Add-TimelineEntry 'ECS: 1 task started, 1 stopped' $Expected

        $before = $Expected
        Wait-Until {
            $now = Get-ExpectedTarget $DirB
            @($now | Where-Object { $_ -notin $before }).Count -ge 1 -and @($before | Where-Object { $_ -notin $now }).Count -ge 1
        } -Seconds 20
        $script:Previous = $before
        $script:Expected = Get-ExpectedTarget $DirB
        $script:Added = @($Expected | Where-Object { $_ -notin $before })
        $script:Gone = @($before | Where-Object { $_ -notin $Expected })
        $Added.Count | Should -Be 1
        $Gone.Count | Should -Be 1
        Add-TimelineEntry 'B wrote the change' $Expected

        $null = Wait-PrometheusActiveTarget $Prometheus -TimeoutSeconds 30 { param($t) Test-Same (Get-JobTarget $t 'ha-failover') $Expected }
        Add-TimelineEntry 'ha-failover exact' $Expected
        $null = Wait-PrometheusActiveTarget $Prometheus -TimeoutSeconds 30 { param($t) $Added[0] -in (Get-JobTarget $t 'ha-both') }
        $targets = Get-PrometheusActiveTarget $Prometheus
        Add-TimelineEntry 'ha-both has the new task' $Expected
        # The stopped task lingers: Prometheus still holds A's last list, since every refresh of A's URL fails.
        Get-JobTarget $targets 'ha-both' | Should -Be (@($Expected) + $Gone | Sort-Object)

        # Long enough for several failed refreshes of A and two of the discovery manager's 5 s updates: still there.
        Start-Sleep -Seconds 7
        $targets = Get-PrometheusActiveTarget $Prometheus
        Add-TimelineEntry '7 s later, A still down' $Expected
        Get-JobTarget $targets 'ha-both' | Should -Be (@($Expected) + $Gone | Sort-Object)
        Get-JobTarget $targets 'ha-failover' | Should -Be $Expected
        $lingering = $targets | Where-Object { $_.scrapePool -eq 'ha-both' -and ('{0} {1} {2}' -f $_.scrapeUrl, $_.labels.job, $_.labels.instance) -eq $Gone[0] }
        $lingering.discoveredLabels.'__meta_url' | Should -Be "$($LoopA.Uri)/targets"
        # Prometheus says why: refreshes of A's URL fail and are logged, and its targets are kept.
        @(Get-Content $Prometheus.Log | Where-Object { $_ -match 'Unable to refresh target groups' -and $_ -match ":$PortA/targets" }) | Should -Not -BeNullOrEmpty
        # The failover answered from B since the kill.
        $routed = @(Get-Content $Proxy.Log | Select-Object -Skip $proxyLinesBefore | Where-Object { $_ -match '/targets -> ' })
        $routed | Should -Not -BeNullOrEmpty
        @($routed | Where-Object { $_ -notmatch " -> $([regex]::Escape($LoopB.Uri)) 200$" }) | Should -BeNullOrEmpty
    }

    It 'after A is restarted on the same port: ha-both exact again once A has served its first round' {
        $script:LoopA = Start-TestLoopProcess @LoopAParameters
        Add-TimelineEntry 'A restarted (same port)' $Expected
        # Until its first round the new process must not answer a list: 503 (or nothing, before it listens).
        $seen = [Collections.Generic.List[string]]::new()
        $reference = (Invoke-WebRequest "$($LoopB.Uri)/targets").Content
        Wait-Until {
            try {
                $answer = Invoke-WebRequest "$($LoopA.Uri)/targets" -SkipHttpErrorCheck -TimeoutSec 2
                $seen.Add([string]$answer.StatusCode)
                if ($answer.StatusCode -eq 200) { $answer.Content | Should -BeExactly $reference }
                $answer.StatusCode -eq 200
            } catch [System.Net.Http.HttpRequestException] { $false }
        } -Seconds 40
        Wait-LoopReady $LoopA
        Add-TimelineEntry "A ready (/targets 503 x$(@($seen | Where-Object { $_ -eq '503' }).Count) first)" $Expected
        @($seen | Where-Object { $_ -notin '503', '200' }) | Should -BeNullOrEmpty
        foreach ($name in Get-ChildItem $DirB -Filter *.json | ForEach-Object Name) {
            (Get-FileHash (Join-Path $DirA $name)).Hash | Should -Be (Get-FileHash (Join-Path $DirB $name)).Hash
        }
        (Invoke-WebRequest "$($LoopA.Uri)/targets").Content | Should -BeExactly (Invoke-WebRequest "$($LoopB.Uri)/targets").Content
        $null = Wait-PrometheusActiveTarget $Prometheus -TimeoutSeconds 30 { param($t) Test-Same (Get-JobTarget $t 'ha-both') $Expected }
        Add-TimelineEntry 'ha-both exact again' $Expected
        Get-JobTarget (Get-PrometheusActiveTarget $Prometheus) 'ha-failover' | Should -Be $Expected
        # Back on A: the failover prefers it again.
        Wait-Until { (Get-Content $Proxy.Log | Select-Object -Last 1) -match " -> $([regex]::Escape($LoopA.Uri)) 200$" } -Seconds 10
    }
}
