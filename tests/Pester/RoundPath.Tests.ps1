# Issue 9, "one round, one path: nothing lost", against the module as installed and the local emulator. Every way of
# writing the files (a filtered pipeline, Export-EcsFileSd's own discovery, the loop) keeps what it cannot see (R10),
# a selection that matches nothing never empties the files ("selection" rule), every group names its cluster (R8),
# large drops are held (R11), a loop that never wrote fails, and an error about a cluster names it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:DemoJson = Get-Content -Raw (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint
    $script:FileNames = @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json')
    # The demo's groups: demo-ec2 has 10 (nolabels-pushgateway among them), demo-fargate 1 (fargate-checkout).
    $script:DemoGroupCount = 11
    # demo-ec2 tasks: stopping these six removes 8 of its 10 groups (multi-endpoint-intervals has three), leaving
    # host-node-exporter and nolabels-pushgateway.
    $script:MostEc2Tasks = @('01', '02', '04', '06', '07', '08') | ForEach-Object { "a3f1c2d4e5b64f7a8c9d0e1f2a3b4c$_" }

    function Reset-DemoEmulator {
        Clear-EmulatorFault $Emulator
        Set-EmulatorScenario $Emulator $DemoJson
    }

    # A fault of the emulator (its README, Faults) that lasts until Clear-EmulatorFault, optionally for one cluster only.
    function Add-PersistentFault {
        param([Parameter(Mandatory)] [string] $Operation, [string] $Cluster, [string] $Kind = 'access-denied')
        $fault = @{ kind = $Kind; operation = $Operation; persistent = $true }
        if ($Cluster) { $fault.cluster = $Cluster }
        Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/faults" -Body ($fault | ConvertTo-Json) -ContentType 'application/json' | Out-Null
    }

    # Stops tasks as ECS does: they stay with desired and last status STOPPED, and ListTasks no longer lists them.
    function Stop-EmulatorTask {
        param([Parameter(Mandatory)] [string] $Cluster, [Parameter(Mandatory)] [string[]] $TaskId)
        foreach ($id in $TaskId) { Invoke-RestMethod -Method Delete -Uri "$Endpoint/_emulator/clusters/$Cluster/tasks/$($id)?stopped=true" | Out-Null }
    }

    # The demo with demo-fargate gone and demo-ec2's bridge-dynamic-port task stopped.
    function Get-ScenarioWithoutFargate {
        $scenario = $DemoJson | ConvertFrom-Json -AsHashtable
        $scenario.clusters = @($scenario.clusters | Where-Object name -ne 'demo-fargate')
        $ec2 = $scenario.clusters | Where-Object name -eq 'demo-ec2'
        $ec2.tasks = @($ec2.tasks | Where-Object taskDefinition -notlike 'bridge-dynamic-port*')
        $scenario | ConvertTo-Json -Depth 30
    }

    # A new directory holding a good export of the demo.
    function New-GoodExport {
        param([Parameter(Mandatory)] [string] $Name)
        $dir = Join-Path $TestDrive $Name
        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint
        @(Get-GroupLine $dir).Count | Should -Be $DemoGroupCount -Because 'the good export writes every group of the demo'
        $dir
    }

    # Every group of the five files as 'cluster file job targets path', sorted; the cluster comes from
    # __meta_ecs_cluster_arn ('(none)' without it). -Cluster keeps one cluster's groups.
    function Get-GroupLine {
        param([Parameter(Mandatory)] [string] $Directory, [string] $Cluster)
        $lines = foreach ($name in $FileNames) {
            foreach ($group in Get-FileSdGroups (Join-Path $Directory $name)) {
                $arn = $group.labels.'__meta_ecs_cluster_arn'
                $clusterName = if ($arn) { ($arn -split '/')[-1] } else { '(none)' }
                '{0} {1} {2} {3} {4}' -f $clusterName, $name, $group.labels.job, ($group.targets -join ','), $group.labels.'__metrics_path__'
            }
        }
        @($lines | Where-Object { -not $Cluster -or $_ -like "$Cluster *" } | Sort-Object)
    }

    # Content hash and write time of each file: equal snapshots mean nothing was written.
    function Get-FileSnapshot {
        param([Parameter(Mandatory)] [string] $Directory)
        @(foreach ($name in $FileNames) {
                $file = Get-Item (Join-Path $Directory $name)
                '{0} {1} {2}' -f $name, (Get-FileHash $file.FullName -Algorithm SHA256).Hash, $file.LastWriteTimeUtc.Ticks
            })
    }

    # Sets the files' write time into the past, so that a rewrite shows even within the file system's time resolution.
    function Set-FilesInThePast {
        param([Parameter(Mandatory)] [string] $Directory)
        $past = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
        Get-ChildItem $Directory -Filter *.json | ForEach-Object { $_.LastWriteTimeUtc = $past }
    }

    function Get-RoundObject {
        param($Information)
        @($Information | Where-Object { $_.MessageData -is [EcsDiscoverer.EcsDiscoveryRound] } | ForEach-Object MessageData)
    }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'R10: a filtered pipeline export keeps a failed cluster''s last good groups' {
    AfterEach { Reset-DemoEmulator }

    It 'R10: <Failed> denied, | Where-Object Job -ne <Job> | Export-EcsFileSd: every group of <Failed> stays, <Job> of the healthy cluster goes' -ForEach @(
        # Before issue 9 the first case went from 11 groups to 1: demo-ec2's ten were dropped.
        @{ Failed = 'demo-ec2'; Healthy = 'demo-fargate'; Job = 'bridge-dynamic-port'; Expected = 11 }
        @{ Failed = 'demo-fargate'; Healthy = 'demo-ec2'; Job = 'bridge-dynamic-port'; Expected = 10 }
    ) {
        $dir = New-GoodExport "piped-$Failed"
        $failedBefore = Get-GroupLine $dir $Failed
        $healthyBefore = Get-GroupLine $dir $Healthy
        Add-PersistentFault 'ecs:ListTasks' -Cluster $Failed

        Get-EcsPrometheusTarget -EndpointUrl $Endpoint -ErrorVariable getErrors -ErrorAction SilentlyContinue |
            Where-Object Job -ne $Job |
            Export-EcsFileSd -Path $dir -ErrorVariable exportErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $getErrors[0].FullyQualifiedErrorId | Should -BeLike 'EcsAccessDenied,*'
        $getErrors[0].TargetObject | Should -Be $Failed
        $exportErrors[-1].FullyQualifiedErrorId | Should -BeLike 'EcsDiscoveryPartiallyFailed,*'
        $exportErrors[-1].ToString() | Should -Match ([regex]::Escape($Failed))
        Get-GroupLine $dir $Failed | Should -Be $failedBefore -Because 'the failed cluster keeps its last good groups, filtered job included'
        Get-GroupLine $dir $Healthy | Should -Be @($healthyBefore | Where-Object { $_ -notmatch " $Job " }) -Because 'the filter applies to what was discovered'
        @(Get-GroupLine $dir).Count | Should -Be $Expected
        Get-TemporaryFile $dir | Should -BeNullOrEmpty
    }

    # No object reaches Export-EcsFileSd here: it learns of the failure from the Get-EcsPrometheusTarget of the same command line.
    It 'R10: <Failed> denied and the filter removes every other target: <Failed> still keeps its groups' -ForEach @(
        @{ Failed = 'demo-ec2'; Job = 'fargate-checkout' }
    ) {
        $dir = New-GoodExport 'piped-nothing-left'
        $failedBefore = Get-GroupLine $dir $Failed
        Add-PersistentFault 'ecs:ListTasks' -Cluster $Failed
        Get-EcsPrometheusTarget -EndpointUrl $Endpoint -ErrorAction SilentlyContinue |
            Where-Object Job -ne $Job |
            Export-EcsFileSd -Path $dir -ErrorVariable exportErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-GroupLine $dir $Failed | Should -Be $failedBefore
        $exportErrors[-1].FullyQualifiedErrorId | Should -BeLike 'EcsDiscoveryPartiallyFailed,*'
    }

    It 'R10: with no failure the filter alone decides: the filtered job is gone from every cluster' {
        $dir = New-GoodExport 'piped-healthy'
        Get-EcsPrometheusTarget -EndpointUrl $Endpoint | Where-Object Job -ne 'bridge-dynamic-port' | Export-EcsFileSd -Path $dir
        @(Get-GroupLine $dir).Count | Should -Be ($DemoGroupCount - 1)
        Get-GroupLine $dir | Should -Not -Match ' bridge-dynamic-port '
    }
}

Describe 'R12, the selection: a cluster selection that matches nothing never empties the files' {
    AfterEach { Reset-DemoEmulator }

    It 'R12: -Cluster nomatch-* writes nothing, says what is there (EcsClusterSelectionMatchedNothing), then fails with EcsDiscoveryFailed' {
        $dir = New-GoodExport 'nomatch'
        Set-FilesInThePast $dir
        $before = Get-FileSnapshot $dir
        $thrown = $null
        try {
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster 'nomatch-*' -ErrorVariable errs -ErrorAction SilentlyContinue
        } catch { $thrown = $_ }

        $thrown | Should -Not -BeNullOrEmpty -Because 'a run that discovered nothing must fail'
        $thrown.FullyQualifiedErrorId | Should -BeLike 'EcsDiscoveryFailed,*'
        $selection = @($errs | Where-Object FullyQualifiedErrorId -like 'EcsClusterSelectionMatchedNothing*')
        $selection.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EcsClusterSelectionMatchedNothing*' -Because 'the selection error comes first, the run''s failure after it'
        $message = $selection[0].ToString()
        $message | Should -Match ([regex]::Escape("'nomatch-*'"))
        $message | Should -Match 'us-east-1'
        $message | Should -Match 'Clusters there: .*demo-ec2'
        $message | Should -Match 'Clusters there: .*demo-fargate'
        Get-FileSnapshot $dir | Should -Be $before -Because 'nothing is written: the files are byte-identical and not rewritten'
    }

    It 'R12: under $ErrorActionPreference = ''Stop'' it throws and the files are untouched' {
        $dir = New-GoodExport 'nomatch-stop'
        Set-FilesInThePast $dir
        $before = Get-FileSnapshot $dir
        $err = { $ErrorActionPreference = 'Stop'; Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster 'nomatch-*' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'EcsClusterSelectionMatchedNothing,*' -Because 'Stop makes the first error terminating'
        Get-FileSnapshot $dir | Should -Be $before
    }

    It 'R12: from cron (pwsh -NonInteractive -Command) -Cluster <Selection> exits non-zero and leaves the files byte-identical' -ForEach @(
        @{ Selection = "'nomatch-*'"; Says = 'nomatch-\*' }
        @{ Selection = 'demo-ec3'; Says = 'demo-ec3' } # a typo of a literal name
    ) {
        $dir = New-GoodExport "nomatch-cron-$($Selection -replace '\W', '')"
        Set-FilesInThePast $dir
        $before = Get-FileSnapshot $dir
        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Export-EcsFileSd -Path '$dir' -EndpointUrl '$Endpoint' -Cluster $Selection"
        $result.ExitCode | Should -Not -Be 0 -Because $result.Output
        $result.Output | Should -Match $Says
        $result.Output | Should -Match 'Discovery failed for every cluster'
        Get-FileSnapshot $dir | Should -Be $before
    }

    It 'R12, R10: one pattern matches and one does not: the matches are updated, the unmatched pattern keeps its groups, EcsDiscoveryPartiallyFailed' {
        $dir = New-GoodExport 'half-match'
        $fargateBefore = Get-GroupLine $dir 'demo-fargate'
        $ec2Before = Get-GroupLine $dir 'demo-ec2'
        $cron = Join-Path $TestDrive 'half-match-cron'
        Copy-Item $dir $cron -Recurse
        Set-EmulatorScenario $Emulator (Get-ScenarioWithoutFargate)

        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster 'demo-ec*', 'demo-farg*' -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EcsClusterSelectionMatchedNothing*'
        $errs[0].ToString() | Should -Match ([regex]::Escape("'demo-farg*'"))
        $errs[0].ToString() | Should -Match 'Clusters there: demo-ec2\.'
        $errs[-1].FullyQualifiedErrorId | Should -BeLike 'EcsDiscoveryPartiallyFailed,*'
        Get-GroupLine $dir 'demo-fargate' | Should -Be $fargateBefore
        Get-GroupLine $dir 'demo-ec2' | Should -Be @($ec2Before | Where-Object { $_ -notmatch ' bridge-dynamic-port ' })

        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Export-EcsFileSd -Path '$cron' -EndpointUrl '$Endpoint' -Cluster 'demo-ec*', 'demo-farg*'"
        $result.ExitCode | Should -Be 1 -Because $result.Output
        Get-GroupLine $cron | Should -Be (Get-GroupLine $dir)
    }

    It 'R12: an account with no cluster and no selection given writes five [] files and succeeds' {
        Set-EmulatorScenario $Emulator '{"region": "us-east-1", "clusters": []}'
        $dir = Join-Path $TestDrive 'empty-account'
        $written = @(Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -PassThru -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        ($written.Name | Sort-Object) | Should -Be ($FileNames | Sort-Object)
        foreach ($name in $FileNames) { (Get-Content -Raw (Join-Path $dir $name)).Trim() | Should -Be '[]' -Because $name }
        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Export-EcsFileSd -Path '$dir' -EndpointUrl '$Endpoint'"
        $result.ExitCode | Should -Be 0 -Because $result.Output
    }
}

Describe 'R8, R10: a failed cluster keeps its PROMETHEUS_NOLABELS groups, and every group names its cluster' {
    AfterEach { Reset-DemoEmulator }

    It 'R8: every group in the files has __meta_ecs_cluster_arn, NOLABELS groups included' {
        $dir = New-GoodExport 'r8'
        $groups = @(foreach ($name in $FileNames) { Get-FileSdGroups (Join-Path $dir $name) })
        $groups.Count | Should -Be $DemoGroupCount
        foreach ($group in $groups) {
            $group.labels.'__meta_ecs_cluster_arn' | Should -Match '^arn:aws:ecs:us-east-1:123456789012:cluster/demo-(ec2|fargate)$' -Because "group $($group.labels.job) names its cluster"
        }
        $nolabels = @($groups | Where-Object { $_.labels.job -eq 'nolabels-pushgateway' })
        $nolabels.Count | Should -Be 1
        $nolabels[0].labels.'__meta_ecs_cluster_arn' | Should -Be 'arn:aws:ecs:us-east-1:123456789012:cluster/demo-ec2'
        $nolabels[0].labels.PSObject.Properties.Name | Should -Not -Contain 'cluster' -Because 'R8 keeps its minimal label set'
    }

    It 'R10, R8: a cron export while demo-ec2 fails keeps all 10 of its groups, the NOLABELS one included, and exits 1' {
        $dir = New-GoodExport 'nolabels'
        $ec2Before = Get-GroupLine $dir 'demo-ec2'
        $ec2Before.Count | Should -Be 10
        $ec2Before -join "`n" | Should -Match ' nolabels-pushgateway '
        Add-PersistentFault 'ecs:ListTasks' -Cluster 'demo-ec2'

        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Export-EcsFileSd -Path '$dir' -EndpointUrl '$Endpoint'"
        $result.ExitCode | Should -Be 1 -Because $result.Output
        $result.Output | Should -Match 'EcsDiscoveryPartiallyFailed|Discovery failed for 1 of 2 cluster'
        Get-GroupLine $dir 'demo-ec2' | Should -Be $ec2Before
        Get-GroupLine $dir | Should -Not -Match '^\(none\) ' -Because 'every group still names its cluster'
        @(Get-GroupLine $dir).Count | Should -Be $DemoGroupCount

        # A second failing run keeps them again (from the files alone), and the warning counts what was really kept.
        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        ($warns -join "`n") | Should -Match 'Cluster demo-ec2 failed this round; kept its 10 target group\(s\)'
        Get-GroupLine $dir 'demo-ec2' | Should -Be $ec2Before
    }
}

Describe 'R11: the churn guard holds a large drop' {
    AfterEach { Reset-DemoEmulator }

    It 'R11: Export-EcsFileSd -MaxTargetDrop 0.5 after most of demo-ec2 stopped keeps its groups (EcsTargetDropHeld); -Force applies the drop' {
        $dir = New-GoodExport 'churn'
        $ec2Before = Get-GroupLine $dir 'demo-ec2'
        $fargateBefore = Get-GroupLine $dir 'demo-fargate'
        Stop-EmulatorTask demo-ec2 $MostEc2Tasks

        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -MaxTargetDrop 0.5 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EcsTargetDropHeld,*'
        $errs[0].ToString() | Should -Match 'demo-ec2'
        ($warns -join "`n") | Should -Match 'Cluster demo-ec2: this round would remove 8 of its 10 target group\(s\)'
        Get-GroupLine $dir 'demo-ec2' | Should -Be $ec2Before
        Get-GroupLine $dir 'demo-fargate' | Should -Be $fargateBefore

        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -MaxTargetDrop 0.5 -Force -ErrorVariable forced
        $forced | Should -BeNullOrEmpty
        @((Get-GroupLine $dir 'demo-ec2') -replace '^demo-ec2 \S+ (\S+) .*$', '$1') | Should -Be @('host-node-exporter', 'nolabels-pushgateway')
        Get-GroupLine $dir 'demo-fargate' | Should -Be $fargateBefore
    }

    It 'R11: a drop within -MaxTargetDrop is applied at once, without an error' {
        $dir = New-GoodExport 'churn-small'
        Stop-EmulatorTask demo-ec2 $MostEc2Tasks[0]
        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -MaxTargetDrop 0.5 -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @(Get-GroupLine $dir 'demo-ec2').Count | Should -Be 9
        Get-GroupLine $dir | Should -Not -Match ' bridge-dynamic-port '
    }

    It 'R11: the loop holds the drop in round 1 and applies it once seen in -TargetDropRounds 2 consecutive rounds' {
        $dir = New-GoodExport 'churn-loop'
        $ec2Before = Get-GroupLine $dir 'demo-ec2'
        Stop-EmulatorTask demo-ec2 $MostEc2Tasks

        Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -Interval 1 -MaxTargetDrop 0.5 -TargetDropRounds 2 -MaxRounds 3 -NoMetricsServer -NoWarmupThrottle `
            -InformationVariable info -WarningVariable warns -WarningAction SilentlyContinue -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $rounds = Get-RoundObject $info
        $rounds.Round | Should -Be 1, 2, 3
        $rounds[0].Result | Should -Be 'Partial' -Because 'round 1 held the drop'
        $rounds[0].FailedClusters | Should -BeNullOrEmpty
        $rounds[0].TargetsByFile['tasks.json'] | Should -Be 9
        $rounds[0].TargetsByFile['30s-tasks.json'] | Should -Be 1
        $rounds[1].Result | Should -Be 'Success'
        $rounds[1].TargetsByFile['tasks.json'] | Should -Be 3 -Because 'host-node-exporter, nolabels-pushgateway and fargate-checkout remain'
        $rounds[1].TargetsByFile['30s-tasks.json'] | Should -Be 0
        $rounds[2].Result | Should -Be 'Success'
        $text = $warns -join "`n"
        $text | Should -Match 'Cluster demo-ec2: this round would remove 8 of its 10 .*previous targets were kept \(1 of 2 rounds\)'
        $text | Should -Match 'Cluster demo-ec2: .*applied, as the drop has now been seen in 2 consecutive rounds'
        @((Get-GroupLine $dir 'demo-ec2') -replace '^demo-ec2 \S+ (\S+) .*$', '$1') | Should -Be @('host-node-exporter', 'nolabels-pushgateway')
        $ec2Before.Count | Should -Be 10
    }
}

Describe 'Start-EcsDiscoveryLoop whose every round fails' {
    AfterEach { Reset-DemoEmulator }

    It 'ends with EcsDiscoveryLoopFailed after -MaxRounds 2 failed rounds, and leaves the files as they were' {
        $dir = New-GoodExport 'loop-failed'
        Set-FilesInThePast $dir
        $before = Get-FileSnapshot $dir
        Add-PersistentFault 'ecs:ListClusters'

        Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -Interval 1 -MaxRounds 2 -NoMetricsServer -NoWarmupThrottle `
            -InformationVariable info -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @((Get-RoundObject $info).Result) | Should -Be 'Failed', 'Failed'
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EcsDiscoveryLoopFailed,*'
        Get-FileSnapshot $dir | Should -Be $before
    }

    It 'from pwsh -Command exits non-zero' {
        $dir = Join-Path $TestDrive 'loop-failed-cron'
        Add-PersistentFault 'ecs:ListClusters'
        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Start-EcsDiscoveryLoop -Path '$dir' -EndpointUrl '$Endpoint' -Interval 1 -MaxRounds 2 -NoMetricsServer -NoWarmupThrottle"
        $result.ExitCode | Should -Not -Be 0 -Because $result.Output
        $result.Output | Should -Match 'All 2 round\(s\) failed'
    }
}

Describe 'One-off runs take -RequestsPerSecond and -Burst' {
    It 'Get-EcsPrometheusTarget -RequestsPerSecond 5 -Burst 7 returns the demo''s targets and uses the settings' {
        # -Debug on a binary cmdlet asks to continue (Inquire) in a non-interactive host; the preference does not.
        $output = & {
            $DebugPreference = 'Continue'
            Get-EcsPrometheusTarget -EndpointUrl $Endpoint -RequestsPerSecond 5 -Burst 7 -ErrorAction Stop 5>&1
        }
        $debug = ($output | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n"
        $debug | Should -Match 'API_REQUESTS_PER_SECOND = 5 \(parameter -RequestsPerSecond\)'
        $debug | Should -Match 'API_BURST = 7 \(parameter -Burst\)'
        $targets = @($output | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] })
        $targets.Count | Should -Be $DemoGroupCount
        @($targets.Job | Sort-Object -Unique).Count | Should -Be 9
    }

    It 'Export-EcsFileSd -RequestsPerSecond 5 -Burst 7 writes the demo''s targets' {
        $dir = Join-Path $TestDrive 'rate'
        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -RequestsPerSecond 5 -Burst 7
        @(Get-GroupLine $dir).Count | Should -Be $DemoGroupCount
        @(Get-FileSdGroups (Join-Path $dir 'tasks.json')).Count | Should -Be 9
    }
}

Describe 'An error about a failed cluster names it in its message' {
    AfterEach { Reset-DemoEmulator }

    It '<Command> with demo-fargate failing (<Kind>): the error''s message names demo-fargate, not only its TargetObject' -ForEach @(
        @{ Command = 'Get-EcsPrometheusTarget'; Kind = 'access-denied'; ErrorId = 'EcsAccessDenied' }
        @{ Command = 'Export-EcsFileSd'; Kind = 'access-denied'; ErrorId = 'EcsAccessDenied' }
        @{ Command = 'Get-EcsPrometheusTarget'; Kind = 'cluster-not-found'; ErrorId = 'EcsClusterNotFound' }
        @{ Command = 'Export-EcsFileSd'; Kind = 'cluster-not-found'; ErrorId = 'EcsClusterNotFound' }
    ) {
        Add-PersistentFault 'ecs:ListTasks' -Cluster 'demo-fargate' -Kind $Kind
        $parameters = @{ EndpointUrl = $Endpoint; Cluster = 'demo-ec2', 'demo-fargate'; ErrorVariable = 'errs'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        if ($Command -eq 'Export-EcsFileSd') { $parameters.Path = Join-Path $TestDrive "names-$Kind" }
        $null = & $Command @parameters
        $err = $errs[0]
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.TargetObject | Should -Be 'demo-fargate'
        $err.ToString() | Should -Match 'demo-fargate'
        $err.ErrorDetails.Message | Should -Match '^Cluster demo-fargate could not be discovered: '
        $err.ToString() | Should -Not -Match 'demo-ec2' -Because 'the healthy cluster is not blamed'
    }
}
