# Issue 4 (R10): output faults and cron exit codes for Export-EcsFileSd and Start-EcsDiscoveryLoop, as installed.
# Each fault: a clear message that says what to do, no partial and no temporary file, the previous files intact, and
# recovery once the fault is gone. Root ignores mode bits, so unwritable and full directories are made with chattr +i
# and small tmpfs mounts where the machine allows it; otherwise the fallback is named in the test result.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:DemoJson = Get-Content -Raw (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint
    $script:FileNames = @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json')
    $script:CanMount = Test-CanMount

    # The demo with bridge-dynamic-port gone from demo-ec2 and fargate-checkout from demo-fargate: both clusters change.
    function Get-ChangedScenario {
        $scenario = $DemoJson | ConvertFrom-Json -AsHashtable
        foreach ($cluster in $scenario.clusters) {
            $cluster.tasks = @($cluster.tasks | Where-Object { $_.taskDefinition -notlike 'bridge-dynamic-port*' -and $_.taskDefinition -notlike 'fargate-checkout*' })
        }
        $scenario | ConvertTo-Json -Depth 30
    }

    function Get-Snapshot {
        param([string] $Directory)
        $snapshot = @{}
        foreach ($name in $FileNames) { $snapshot[$name] = Get-Content -Raw (Join-Path $Directory $name) }
        $snapshot
    }

    function Assert-Snapshot {
        param([string] $Directory, [hashtable] $Expected)
        foreach ($name in $FileNames) { Get-Content -Raw (Join-Path $Directory $name) | Should -BeExactly $Expected[$name] -Because "$name keeps its previous content" }
        Get-TemporaryFile $Directory | Should -BeNullOrEmpty
    }

    function Reset-DemoEmulator {
        Clear-EmulatorFault $Emulator
        Set-EmulatorScenario $Emulator $DemoJson
    }

    function Get-Jobs {
        param([string] $Directory)
        @((Get-FileSdGroups (Join-Path $Directory 'tasks.json')).labels.job)
    }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Export-EcsFileSd: output faults' {
    AfterEach { Reset-DemoEmulator }

    It 'a missing output directory is created, parents included' {
        $dir = Join-Path $TestDrive 'missing/a/b'
        Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-fargate
        (Get-ChildItem $dir).Name | Sort-Object | Should -Be ($FileNames | Sort-Object)
    }

    It 'an output directory that cannot be created says a file stands in its path' {
        $file = Join-Path $TestDrive 'in-the-way'
        Set-Content $file 'x'
        $err = { Export-EcsFileSd -Path (Join-Path $file 'targets') -EndpointUrl $Endpoint -Cluster demo-fargate } | Should -Throw -ErrorId 'FileSdWriteFailed,*' -PassThru
        $err.ErrorDetails.Message | Should -Match 'A file stands where a directory of .*in-the-way/targets should be: remove it or choose another path'
        Get-Content -Raw $file | Should -Be "x$([Environment]::NewLine)"
    }

    It 'a read-only file system (tmpfs remounted ro): FileSdWriteFailed that says what to do; files intact; a later run succeeds' -Skip:$IsWindows {
        $dir = Join-Path $TestDrive 'ro'
        New-Item -ItemType Directory $dir | Out-Null
        $how = 'read-only tmpfs'
        if ($CanMount) { Mount-TestTmpfs $dir }
        try {
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
            $good = Get-Snapshot $dir
            Set-EmulatorScenario $Emulator (Get-ChangedScenario)
            $undo = if ($CanMount) { mount -o remount,ro $dir; { mount -o remount,rw $dir }.GetNewClosure() } else { $how = 'chattr +i'; Set-TestReadOnlyDirectory $dir }
            if (-not $undo) { Set-ItResult -Skipped -Because 'this machine can neither mount nor chattr (the xunit suite covers the fallback)'; return }
            try {
                $err = { Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate } | Should -Throw -ErrorId 'FileSdWriteFailed,*' -PassThru -Because $how
                $err.ErrorDetails.Message | Should -Match ([regex]::Escape("$dir is not writable by this user: grant write permission (chmod/chown), clear the immutable attribute (chattr -i) or remount the file system read-write."))
                $err.ErrorDetails.Message | Should -Match 'The files already there were left as they were\.$'
                $err.ErrorDetails.RecommendedAction | Should -Match 'not writable'
                Assert-Snapshot $dir $good
            } finally { & $undo }
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
            Get-Jobs $dir | Should -Not -Contain 'fargate-checkout'
            Get-TemporaryFile $dir | Should -BeNullOrEmpty
        } finally {
            if ($CanMount) { Dismount-TestTmpfs $dir }
        }
    }

    It 'a full disk (64 KiB tmpfs filled up): FileSdWriteFailed that says to free space; no temporary file, files intact; a run after freeing succeeds' -Skip:$IsWindows {
        if (-not $CanMount) { Set-ItResult -Skipped -Because 'mounting a small tmpfs is not allowed here (the xunit suite checks the ENOSPC diagnosis on /dev/full)'; return }
        $dir = Join-Path $TestDrive 'full'
        New-Item -ItemType Directory $dir | Out-Null
        Mount-TestTmpfs $dir -Size 64KB
        try {
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
            $good = Get-Snapshot $dir
            Set-EmulatorScenario $Emulator (Get-ChangedScenario)
            $filler = Set-TestDiskFull $dir
            $err = { Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate } | Should -Throw -ErrorId 'FileSdWriteFailed,*' -PassThru
            $err.ErrorDetails.Message | Should -Match 'No space left on device'
            $err.ErrorDetails.Message | Should -Match ([regex]::Escape("The disk holding $dir is full: free space there or enlarge the volume."))
            Assert-Snapshot $dir $good
            Remove-Item $filler
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
            Get-Jobs $dir | Should -Not -Contain 'fargate-checkout'
            Get-TemporaryFile $dir | Should -BeNullOrEmpty
        } finally {
            Dismount-TestTmpfs $dir
        }
    }

    It 'an unwritable -MetricsFile or -CachePath is a warning that says what to do; the targets are still written' -Skip:$IsWindows {
        $dir = Join-Path $TestDrive 'side-files'
        $locked = Join-Path $TestDrive 'locked'
        New-Item -ItemType Directory $locked | Out-Null
        $undo = Set-TestReadOnlyDirectory $locked
        if (-not $undo) { Set-ItResult -Skipped -Because 'chattr is not available here'; return }
        try {
            Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-fargate -MetricsFile (Join-Path $locked 'm.prom') -CachePath (Join-Path $locked 'cache.json') `
                -WarningVariable warns -WarningAction SilentlyContinue
        } finally { & $undo }
        $text = $warns -join "`n"
        $text | Should -Match 'The metrics file .*m\.prom could not be written after round 1: .*is not writable by this user'
        $text | Should -Match 'The cache file .*cache\.json could not be written: .*is not writable by this user.*It keeps its previous content'
        Get-Jobs $dir | Should -Be 'fargate-checkout'
        Get-TemporaryFile $locked | Should -BeNullOrEmpty
    }
}

Describe 'Export-EcsFileSd in cron (pwsh -NonInteractive -Command): exit codes' {
    AfterEach { Reset-DemoEmulator }

    BeforeAll {
        function Invoke-CronExport {
            param([string] $Directory, [string] $Clusters)
            $clusterArgument = if ($Clusters) { "-Cluster $Clusters" } else { '' }
            Invoke-ChildPwsh "Import-Module EcsDiscoverer; Export-EcsFileSd -Path '$Directory' -EndpointUrl '$Endpoint' $clusterArgument"
        }
    }

    It 'exits 0 on success and writes the files' {
        $dir = Join-Path $TestDrive 'cron-ok'
        $result = Invoke-CronExport $dir
        $result.ExitCode | Should -Be 0 -Because $result.Output
        Get-Jobs $dir | Should -Contain 'fargate-checkout'
    }

    It 'ListClusters denied (injected AccessDeniedException): exits non-zero, names the missing IAM action, leaves the last good files untouched' {
        $dir = Join-Path $TestDrive 'cron-denied'
        (Invoke-CronExport $dir).ExitCode | Should -Be 0
        $good = Get-Snapshot $dir
        Set-EmulatorScenario $Emulator (Get-ChangedScenario)
        Add-EmulatorFault $Emulator -Operation 'ecs:ListClusters' -ErrorCode 'AccessDeniedException' -Message 'User is not authorized to perform: ecs:ListClusters'
        $result = Invoke-CronExport $dir
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'Allow the IAM action ecs:ListClusters'
        Assert-Snapshot $dir $good
    }

    It 'every cluster failing (injected ExpiredTokenException): exits non-zero, says to refresh the credentials, files untouched' {
        $dir = Join-Path $TestDrive 'cron-expired'
        (Invoke-CronExport $dir 'demo-ec2, demo-fargate').ExitCode | Should -Be 0
        $good = Get-Snapshot $dir
        Set-EmulatorScenario $Emulator (Get-ChangedScenario)
        Add-EmulatorFault $Emulator -Operation 'ecs:ListTasks' -ErrorCode 'ExpiredTokenException' -Times 2 -Message 'The security token included in the request is expired'
        $result = Invoke-CronExport $dir 'demo-ec2, demo-fargate'
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'refresh them'
        $result.Output | Should -Match 'Discovery failed for every cluster'
        Assert-Snapshot $dir $good
    }

    It 'one cluster failing (partial): exits 1 with EcsDiscoveryPartiallyFailed; the others are updated and the failed one keeps its last good targets' {
        $dir = Join-Path $TestDrive 'cron-partial'
        (Invoke-CronExport $dir 'demo-ec2, demo-fargate').ExitCode | Should -Be 0
        Get-Jobs $dir | Should -Contain 'bridge-dynamic-port'
        Get-Jobs $dir | Should -Contain 'fargate-checkout'
        Set-EmulatorScenario $Emulator (Get-ChangedScenario)
        # One ListTasks call is denied: whichever cluster asks first fails, the other succeeds.
        Add-EmulatorFault $Emulator -Operation 'ecs:ListTasks' -ErrorCode 'AccessDeniedException' -Times 1
        $result = Invoke-CronExport $dir 'demo-ec2, demo-fargate'
        $result.ExitCode | Should -Be 1 -Because $result.Output
        $result.Output | Should -Match 'Allow the IAM action ecs:ListTasks'
        $result.Output -match 'Discovery failed for 1 of 2 cluster\(s\) \((demo-\w+)\)' | Should -BeTrue -Because $result.Output
        $failed = $Matches[1]
        $result.Output | Should -Match 'keep the last good targets of the failed ones'
        $jobs = Get-Jobs $dir
        if ($failed -eq 'demo-ec2') {
            $jobs | Should -Contain 'bridge-dynamic-port'
            $jobs | Should -Not -Contain 'fargate-checkout'
        } else {
            $jobs | Should -Contain 'fargate-checkout'
            $jobs | Should -Not -Contain 'bridge-dynamic-port'
        }
        Get-TemporaryFile $dir | Should -BeNullOrEmpty

        # The next run, with the fault gone, exits 0 and brings the failed cluster up to date.
        $result = Invoke-CronExport $dir 'demo-ec2, demo-fargate'
        $result.ExitCode | Should -Be 0 -Because $result.Output
        Get-Jobs $dir | Should -Not -Contain 'bridge-dynamic-port'
        Get-Jobs $dir | Should -Not -Contain 'fargate-checkout'
    }

    It 'an unwritable output directory: exits non-zero and says what to do' -Skip:$IsWindows {
        $dir = Join-Path $TestDrive 'cron-locked'
        (Invoke-CronExport $dir 'demo-fargate').ExitCode | Should -Be 0
        $good = Get-Snapshot $dir
        Set-EmulatorScenario $Emulator (Get-ChangedScenario)
        $undo = Set-TestReadOnlyDirectory $dir
        if (-not $undo) { Set-ItResult -Skipped -Because 'chattr is not available here'; return }
        try {
            $result = Invoke-CronExport $dir 'demo-fargate'
        } finally { & $undo }
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'is not writable by this user'
        Assert-Snapshot $dir $good
    }
}

Describe 'Start-EcsDiscoveryLoop: output faults while it runs' -Skip:$IsWindows {
    AfterEach { Reset-DemoEmulator }

    It 'an unwritable directory fails rounds with a warning that says what to do; the loop goes on and recovers; a removed directory is created again' {
        $dir = Join-Path $TestDrive 'loop'
        $loop = Start-BackgroundLoop @{ Path = $dir; EndpointUrl = $Endpoint; Cluster = @('demo-ec2', 'demo-fargate'); Interval = '1s'; NoMetricsServer = $true; NoWarmupThrottle = $true }
        try {
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $good = Get-Snapshot $dir
            Set-EmulatorScenario $Emulator (Get-ChangedScenario)
            $undo = Set-TestReadOnlyDirectory $dir
            if (-not $undo) { Set-ItResult -Skipped -Because 'chattr is not available here (the xunit suite covers the fallback)'; return }
            try {
                $failedFrom = (Get-LoopRound $loop).Count
                Wait-Until { @(Get-LoopRound $loop | Select-Object -Skip $failedFrom | Where-Object Result -eq 'Failed').Count -ge 2 }
                $warning = @($loop.PowerShell.Streams.Warning.Message) -match 'could not be written' | Select-Object -First 1
                $warning | Should -Match ([regex]::Escape("$dir is not writable by this user: grant write permission"))
                $warning | Should -Match 'Each file keeps its previous content; the next round tries again\.$'
                Assert-Snapshot $dir $good
            } finally { & $undo }

            $recoveredFrom = (Get-LoopRound $loop).Count
            Wait-Until { @(Get-LoopRound $loop | Select-Object -Skip $recoveredFrom | Where-Object Result -eq 'Success').Count -ge 1 }
            Get-Jobs $dir | Should -Not -Contain 'fargate-checkout'
            $changed = Get-Snapshot $dir

            Remove-Item $dir -Recurse -Force
            Wait-Until { @($loop.PowerShell.Streams.Warning.Message -match 'had disappeared').Count -ge 1 }
            Wait-Until { Test-Path (Join-Path $dir '5m-tasks.json') }
            Assert-Snapshot $dir $changed
            $loop.Async.IsCompleted | Should -BeFalse -Because 'the loop keeps running through every fault'
        } finally {
            Stop-BackgroundLoop $loop
        }
    }
}

Describe 'Two writers on one directory' {
    AfterEach { Reset-DemoEmulator }

    It 'a loop and cron-style exports rewriting the same files while a reader parses them: every read is one writer''s whole file' {
        $dir = Join-Path $TestDrive 'two-writers'
        # What each writer produces on its own: the only contents a reader may see.
        $loopOnly = Join-Path $TestDrive 'loop-only'
        $exportOnly = Join-Path $TestDrive 'export-only'
        Start-EcsDiscoveryLoop -Path $loopOnly -EndpointUrl $Endpoint -Cluster demo-ec2 -MaxRounds 1 -NoMetricsServer -NoWarmupThrottle
        Export-EcsFileSd -Path $exportOnly -EndpointUrl $Endpoint -Cluster demo-fargate
        $allowed = @{}
        foreach ($name in $FileNames) { $allowed[$name] = @((Get-Content -Raw (Join-Path $loopOnly $name)), (Get-Content -Raw (Join-Path $exportOnly $name))) }
        $allowed['tasks.json'][0] | Should -Not -Be $allowed['tasks.json'][1]

        $loop = Start-BackgroundLoop @{ Path = $dir; EndpointUrl = $Endpoint; Cluster = 'demo-ec2'; Interval = '1s'; NoMetricsServer = $true; NoWarmupThrottle = $true }
        try {
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $reads = 0
            $seen = @{}
            $deadline = [DateTime]::UtcNow.AddSeconds(6)
            while ([DateTime]::UtcNow -lt $deadline) {
                Export-EcsFileSd -Path $dir -EndpointUrl $Endpoint -Cluster demo-fargate
                for ($i = 0; $i -lt 20; $i++) {
                    foreach ($name in $FileNames) {
                        $text = [IO.File]::ReadAllText((Join-Path $dir $name))
                        $allowed[$name] | Should -Contain $text -Because "$name must be one writer's whole file"
                        $null = $text | ConvertFrom-Json
                        $seen[$text] = $true
                        $reads++
                    }
                }
            }
            $reads | Should -BeGreaterThan 100
            # Both writers' tasks.json were read: the files really changed hands.
            @($allowed['tasks.json'] | Where-Object { $seen.ContainsKey($_) }).Count | Should -Be 2
            @(Get-LoopRound $loop | Where-Object Result -eq 'Failed').Count | Should -Be 0
        } finally {
            Stop-BackgroundLoop $loop
        }
        Get-TemporaryFile $dir | Should -BeNullOrEmpty
    }
}
