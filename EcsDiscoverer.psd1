@{
    RootModule             = 'EcsDiscoverer.dll'
    ModuleVersion          = '0.2.0'
    # Tested on PowerShell 7 (Core) only; 7.4 is the oldest supported release (see README, Install).
    CompatiblePSEditions   = @('Core')
    GUID                   = '8f7c2d4e-5b1a-4c3e-9d6f-2a1b3c4d5e6f'
    Author                 = 'EcsDiscoverer contributors'
    CompanyName            = 'EcsDiscoverer'
    Copyright              = '(c) EcsDiscoverer contributors. MIT License.'
    Description            = 'Prometheus service discovery for AWS ECS: finds containers marked with PROMETHEUS_* environment variables and writes Prometheus file_sd files.'
    PowerShellVersion      = '7.4'
    FormatsToProcess       = @('EcsDiscoverer.format.ps1xml')
    CmdletsToExport        = @('Get-EcsPrometheusTarget', 'Export-EcsFileSd', 'Start-EcsDiscoveryLoop', 'Get-EcsDiscoveryStatistic', 'Clear-EcsDiscoveryCache')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    # Where Update-Help and Save-Help fetch EcsDiscoverer_<GUID>_HelpInfo.xml and the help archive that
    # build.ps1 writes to out/help: the assets of the latest release.
    HelpInfoURI            = 'https://github.com/ecsdiscoverer/EcsDiscoverer/releases/latest/download/'
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'ECS', 'Prometheus', 'ServiceDiscovery', 'file_sd', 'Fargate', 'Linux', 'Windows', 'MacOS')
            # ProjectUri is the one home of the project's address: the build derives the cmdlets' HelpUri
            # and the help's online links from it, and a test checks that the links below are made from it.
            ProjectUri   = 'https://github.com/ecsdiscoverer/EcsDiscoverer'
            LicenseUri   = 'https://github.com/ecsdiscoverer/EcsDiscoverer/blob/main/LICENSE'
            IconUri      = 'https://raw.githubusercontent.com/ecsdiscoverer/EcsDiscoverer/main/docs/icon.png'
            ReleaseNotes = @'
0.3 (in development): client-side API budgets shaped like AWS's throttling groups; change-driven steady rounds; ECS tags as labels at no extra call; IPv6 targets, ECS Anywhere and EC2 host labels; tab completion for -Region, -ProfileName, -Cluster and -Interval; the AWS.Tools credential conventions (-Credential, -AK/-SK/-ST, $StoredAWSCredentials and $StoredAWSRegion); /-/healthy and /-/ready health endpoints and process metrics; updatable and online help.
0.2.0: Start-EcsDiscoveryLoop with caches, throttling, self-metrics and the configuration of prometheus-ecs-discoverer; -CachePath; Get-EcsDiscoveryStatistic; Clear-EcsDiscoveryCache.
0.1.0: Get-EcsPrometheusTarget and Export-EcsFileSd.
'@
        }
    }
}
