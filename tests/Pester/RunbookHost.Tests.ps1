# The module in a runbook host (issue 12, item 4): a runspace made through the PowerShell hosting API, as Azure
# Automation and AWS Systems Manager aws:executeScript run scripts: no host UI, no HOME, a read-only module folder,
# output consumed as objects and streams. It runs in a child pwsh started without HOME and XDG_*, so that this
# process keeps its own environment; the child reports what each hosted command returned as JSON.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # Every file of a folder with its size and time of last write, as text to compare.
    function Get-ModuleFolderState {
        param([string] $Path)
        @(Get-ChildItem $Path -Recurse -Force | Sort-Object FullName | ForEach-Object { '{0} {1} {2:o}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc })
    }
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')

    # The installed module, copied to a folder nothing may write to.
    $script:ReadOnlyRoot = Join-Path $TestDrive 'read-only-modules'
    New-Item -ItemType Directory $ReadOnlyRoot | Out-Null
    Copy-Item -Recurse (Join-Path $env:ECSD_MODULE_ROOT 'EcsDiscoverer') $ReadOnlyRoot
    $script:ModuleFolder = Join-Path $ReadOnlyRoot 'EcsDiscoverer'
    $script:ModuleFilesBefore = Get-ModuleFolderState $ModuleFolder
    $script:Immutable = $false
    if ($IsWindows) {
        Get-ChildItem $ReadOnlyRoot -Recurse -File | ForEach-Object { $_.IsReadOnly = $true }
    } else {
        chmod -R a-w $ReadOnlyRoot
        # Mode bits do not stop root: make the tree immutable where the file system allows it.
        if ((id -u) -eq '0') {
            chattr -R +i $ReadOnlyRoot 2>$null
            $script:Immutable = $LASTEXITCODE -eq 0
        }
    }

    $script:Work = Join-Path $TestDrive 'work'
    New-Item -ItemType Directory $Work | Out-Null
    $childInput = @{ Endpoint = $Emulator.Endpoint; Work = $Work } | ConvertTo-Json -Compress
    # The child's environment: this one without HOME and XDG_*, and the read-only copy as the only EcsDiscoverer.
    $modulePath = @($ReadOnlyRoot) + @($env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { $_ -and $_ -ne $env:ECSD_MODULE_ROOT })
    $script:Child = Invoke-ChildPwshFile -FilePath (Join-Path $PSScriptRoot 'RunbookHost.Child.ps1') -RemoveVariable 'HOME', 'XDG_*' -Environment @{
        ECSD_RUNBOOK_INPUT = $childInput
        PSModulePath       = $modulePath -join [IO.Path]::PathSeparator
    }
    $json = ($Child.StandardOutput -split "`n" | Where-Object { $_ -like 'REPORT *' } | Select-Object -Last 1)
    $script:Report = if ($json) { $json.Substring(7) | ConvertFrom-Json } else { $null }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    if ($script:Immutable) { chattr -R -i $script:ReadOnlyRoot 2>$null }
    if ($IsWindows) {
        Get-ChildItem $script:ReadOnlyRoot -Recurse -File -ErrorAction Ignore | ForEach-Object { $_.IsReadOnly = $false }
    } elseif ($script:ReadOnlyRoot) {
        chmod -R u+w $script:ReadOnlyRoot
    }
}

BeforeDiscovery {
    $script:HostedSteps = @('Import', 'Get', 'Export', 'Partial', 'Pipeline', 'Loop', 'Statistic', 'Clear', 'Complete')
}

Describe 'In a runspace of the hosting API, without HOME, from a read-only module folder' {
    It 'the child ran to the end and reported' {
        $Report | Should -Not -BeNullOrEmpty -Because "the child's stdout was: $($Child.StandardOutput) stderr: $($Child.StandardError)"
        $Child.ExitCode | Should -Be 0 -Because $Child.StandardError
    }

    It 'the runspace had no HOME, no XDG_ variables and the default host of the hosting API, and loaded the read-only copy' {
        $Report.Home | Should -BeNullOrEmpty
        $Report.Xdg | Should -BeNullOrEmpty
        $Report.Import.Output[0].Text | Should -Be 'Default Host'
        $Report.Import.Output[1].Text | Should -BeLike "$ModuleFolder*"
        $Report.Import.Output[2].Text | Should -Be 'High'
    }

    It '<_>: no prompt, no host error, no exception out of Invoke' -ForEach $HostedSteps {
        $step = $Report.$_
        $step | Should -Not -BeNullOrEmpty
        $step.Exception | Should -BeNullOrEmpty
        foreach ($errorRecord in $step.Errors) {
            $errorRecord.Type | Should -Not -BeIn @('System.Management.Automation.Host.HostException', 'System.Management.Automation.PSInvalidOperationException')
            $errorRecord.Message | Should -Not -Match 'prompt|user interaction|interactive|console'
        }
    }

    It 'Get-EcsPrometheusTarget returns the targets as objects, and its verbose and progress records are collected' {
        $Report.Get.Output.Count | Should -Be 11
        $Report.Get.Output.Type | Select-Object -Unique | Should -Be 'EcsDiscoverer.EcsPrometheusTarget'
        $Report.Get.Errors.Count | Should -Be 0
        $Report.Get.Verbose.Count | Should -BeGreaterThan 0
        # Per cluster, then Completed: a host without UI keeps them as records.
        $Report.Get.Progress | Should -BeGreaterThan 0
    }

    It 'Export-EcsFileSd writes the five files and the cache file, and -PassThru returns them' {
        $Report.Export.Errors.Count | Should -Be 0
        $Report.Export.Output.Type | Select-Object -Unique | Should -Be 'System.IO.FileInfo'
        ($Report.Export.Output.Text | Split-Path -Leaf | Sort-Object) | Should -Be @('15s-tasks.json', '1m-tasks.json', '30s-tasks.json', '5m-tasks.json', 'tasks.json')
        @(Get-FileSdGroups (Join-Path $Work 'export/tasks.json')).Count | Should -Be 9
        $Report.CacheWritten | Should -BeTrue
        $Report.Export.Verbose.Count | Should -BeGreaterThan 0
    }

    It 'a failed cluster reaches the Error stream as records, and the other cluster is written' {
        $Report.Partial.Errors.Id | Where-Object { $_ -like 'EcsClusterNotFound,*' } | Should -Not -BeNullOrEmpty
        $Report.Partial.HadErrors | Should -BeTrue
        (Get-FileSdGroups (Join-Path $Work 'partial/tasks.json')).labels.job | Should -Be 'fargate-checkout'
    }

    It 'a warning reaches the Warning stream' {
        $Report.Pipeline.Warnings -join ' ' | Should -Match '-Cluster had no effect'
        (Get-FileSdGroups (Join-Path $Work 'pipeline/tasks.json')).labels.job | Should -Be 'fargate-checkout'
    }

    It 'Start-EcsDiscoveryLoop -MaxRounds 1 runs its round, writes the files and the metrics file, and reports the round on the Information stream' {
        $Report.Loop.Errors.Count | Should -Be 0
        $Report.Loop.Information | Should -HaveCount 1
        $Report.Loop.Information[0] | Should -Match '^Round 1 success: tasks\.json 9,'
        @(Get-FileSdGroups (Join-Path $Work 'loop/tasks.json')).Count | Should -Be 9
        Get-Content -Raw (Join-Path $Work 'loop.prom') | Should -Match 'ecs_discoverer_'
    }

    It 'Get-EcsDiscoveryStatistic and Clear-EcsDiscoveryCache run without asking' {
        $Report.Statistic.Output.Count | Should -BeGreaterThan 0
        $Report.Clear.Errors.Count | Should -Be 0
        Test-Path (Join-Path $Work 'cache.json') | Should -BeFalse
    }

    It 'tab completion of -ProfileName finds no profile and does not fail without HOME' {
        $Report.Complete.Errors.Count | Should -Be 0
        $Report.Complete.Output.Text | Should -Be '0'
    }

    It 'no command asks for confirmation under the default $ConfirmPreference (High)' {
        Import-Module EcsDiscoverer -Force
        foreach ($command in Get-Command -Module EcsDiscoverer -CommandType Cmdlet) {
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.ConfirmImpact | Should -BeLessThan ([System.Management.Automation.ConfirmImpact]::High) -Because $command.Name
        }
    }

    It 'a prompt in this host would have been caught: -Confirm fails instead of waiting for an answer' {
        # The control for the tests above: it shows that this host cannot prompt, so a prompt could not go unseen.
        $failure = @($Report.Confirm.Errors.Message) + @($Report.Confirm.Exception) -join ' '
        $failure | Should -Match 'prompt|user interaction'
    }

    It 'nothing was written to the module folder' {
        Get-ModuleFolderState $ModuleFolder | Should -Be $ModuleFilesBefore
    }
}
