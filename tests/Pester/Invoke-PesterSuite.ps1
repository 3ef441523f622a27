#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs the Pester suites against the module as users get it: installed from a local PSResource
    repository into a temporary module path. Writes {Passed, Failed} to -SummaryPath.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $RepositoryPath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot),
    # The updatable help build.ps1 writes beside the repository (out/help).
    [string] $HelpPath = (Join-Path (Split-Path -Parent $RepositoryPath) 'help')
)

$ErrorActionPreference = 'Stop'
$moduleRoot = Join-Path ([IO.Path]::GetTempPath()) "ecsd-modules-$PID"
New-Item -ItemType Directory -Force -Path $moduleRoot | Out-Null
$repoName = "EcsDiscovererTest$PID"
try {
    Register-PSResourceRepository -Name $repoName -Uri (Resolve-Path $RepositoryPath).Path -Trusted
    try {
        Save-PSResource -Name EcsDiscoverer -Repository $repoName -Path $moduleRoot -TrustRepository -Quiet
    } finally {
        Unregister-PSResourceRepository -Name $repoName
    }

    # The suites (and the child pwsh processes they start) find the installed module first.
    $env:PSModulePath = $moduleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
    $env:ECSD_MODULE_ROOT = $moduleRoot
    $env:ECSD_REPOSITORY_PATH = (Resolve-Path $RepositoryPath).Path
    $env:ECSD_HELP_PATH = (Resolve-Path $HelpPath).Path
    $env:ECSD_EMULATOR_DLL = (Resolve-Path $EmulatorDll).Path
    $env:ECSD_SCENARIOS = (Resolve-Path (Join-Path $PSScriptRoot '../EcsDiscoverer.Emulator/Scenarios')).Path

    Import-Module $PesterPath -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.PassThru = $true
    $configuration.Run.Exit = $false
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration

    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    @{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $SummaryPath
} finally {
    Remove-Item $moduleRoot -Recurse -Force -ErrorAction Ignore
}
