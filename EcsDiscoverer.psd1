@{
    RootModule             = 'EcsDiscoverer.dll'
    ModuleVersion          = '0.2.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '8f7c2d4e-5b1a-4c3e-9d6f-2a1b3c4d5e6f'
    Author                 = 'EcsDiscoverer contributors'
    CompanyName            = 'EcsDiscoverer'
    Copyright              = '(c) EcsDiscoverer contributors. MIT License.'
    Description            = 'Prometheus service discovery for AWS ECS: finds containers marked with PROMETHEUS_* environment variables and writes Prometheus file_sd files.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('EcsDiscoverer.format.ps1xml')
    CmdletsToExport        = @('Get-EcsPrometheusTarget', 'Export-EcsFileSd', 'Start-EcsDiscoveryLoop', 'Get-EcsDiscoveryStatistic', 'Clear-EcsDiscoveryCache')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'ECS', 'Prometheus', 'ServiceDiscovery', 'file_sd', 'Fargate', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = '0.2.0: Start-EcsDiscoveryLoop with caches, throttling, self-metrics and the seed''s configuration; -CachePath; Get-EcsDiscoveryStatistic; Clear-EcsDiscoveryCache. 0.1.0: Get-EcsPrometheusTarget and Export-EcsFileSd.'
        }
    }
}
