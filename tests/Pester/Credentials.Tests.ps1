# Issue 12: the AWS.Tools credential conventions, against the module as installed: the aliases, -Credential with a
# credentials object of a type the module cannot bind to (AWS.Tools is not installed here: a compiled fake with the
# same members stands in for its AWSCredentials and AWSPSCredentials), the session defaults $StoredAWSCredentials and
# $StoredAWSRegion in the AWS.Tools order, and no secret in any stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint

    if (-not ('FakeAwsTools.FakeAWSCredentials' -as [type])) {
        Add-Type -TypeDefinition @'
namespace FakeAwsTools
{
    public sealed class FakeImmutableCredentials
    {
        public FakeImmutableCredentials(string accessKey, string secretKey, string token) { AccessKey = accessKey; SecretKey = secretKey; Token = token; }
        public string AccessKey { get; }
        public string SecretKey { get; }
        public string Token { get; }
    }

    // The members of Amazon.Runtime.AWSCredentials that matter, in a type of its own.
    public sealed class FakeAWSCredentials
    {
        private readonly string _accessKey, _secretKey, _token;
        public FakeAWSCredentials(string accessKey, string secretKey, string token) { _accessKey = accessKey; _secretKey = secretKey; _token = token; }
        public int Reads { get; private set; }
        public FakeImmutableCredentials GetCredentials() { Reads++; return new FakeImmutableCredentials(_accessKey, _secretKey, _token); }
        public override string ToString() { return "FakeAWSCredentials"; }
    }

    // What Set-AWSCredential keeps in $StoredAWSCredentials (Amazon.PowerShell.Common.AWSPSCredentials).
    public sealed class FakeAWSPSCredentials
    {
        public FakeAWSPSCredentials(FakeAWSCredentials credentials, string name) { Credentials = credentials; Name = name; }
        public FakeAWSCredentials Credentials { get; }
        public string Name { get; }
    }

    public sealed class ThrowingCredentials
    {
        public FakeImmutableCredentials GetCredentials() { throw new System.InvalidOperationException("the token endpoint cannot be reached"); }
    }
}
'@
    }

    $script:AccessKey = 'AKIA' + (New-Sentinel 16).ToUpperInvariant()
    $script:SecretKey = New-Sentinel 40
    $script:SessionToken = New-Sentinel 356
    $script:Fake = [FakeAwsTools.FakeAWSCredentials]::new($AccessKey, $SecretKey, $SessionToken)

    # Runs discovery against the emulator with -Verbose -Debug, all streams captured; returns the text and the
    # targets, and fails when any 8-character window of the secret key or the token shows in the text.
    # -DebugByPreference: $DebugPreference instead of -Debug, under which PowerShell 7 asks to confirm each warning.
    function Invoke-Discovery {
        param([hashtable] $Parameters = @{}, [switch] $DebugByPreference)
        $records = if ($DebugByPreference) {
            $DebugPreference = 'Continue'
            Invoke-Captured { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-ec2 -Verbose @Parameters }
        } else {
            Invoke-Captured { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-ec2 -Verbose -Debug @Parameters }
        }
        $text = ConvertTo-CapturedText $records
        foreach ($secret in $SecretKey, $SessionToken) {
            for ($i = 0; $i -le $secret.Length - 8; $i++) {
                $text.Contains($secret.Substring($i, 8), [StringComparison]::Ordinal) | Should -BeFalse -Because 'no part of a secret may show in any stream'
            }
        }
        [pscustomobject]@{ Text = $text; Targets = @($records | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] }); Records = $records }
    }

    $script:ProfileDirectory = Join-Path ([IO.Path]::GetTempPath()) "ecsd-credentials-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $ProfileDirectory
    $script:ProfileFile = Join-Path $ProfileDirectory 'credentials'
    Set-Content -Path $ProfileFile -Value "[ops]`naws_access_key_id = AKIAOPSPROFILE`naws_secret_access_key = $SecretKey"
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    Remove-Item -Recurse -Force $script:ProfileDirectory -ErrorAction Ignore
}

Describe 'The AWS.Tools parameter aliases' {
    It '-<Parameter> has the aliases <Aliases> on <Command>' -ForEach @(
        foreach ($command in 'Get-EcsPrometheusTarget', 'Export-EcsFileSd', 'Start-EcsDiscoveryLoop') {
            @{ Command = $command; Parameter = 'AccessKey'; Aliases = @('AK') }
            @{ Command = $command; Parameter = 'SecretKey'; Aliases = @('SK', 'SecretAccessKey') }
            @{ Command = $command; Parameter = 'SessionToken'; Aliases = @('ST') }
            @{ Command = $command; Parameter = 'ProfileLocation'; Aliases = @('ProfilesLocation', 'AWSProfilesLocation') }
        }
    ) {
        $aliases = (Get-Command $Command).Parameters[$Parameter].Aliases
        foreach ($alias in $Aliases) { $aliases | Should -Contain $alias }
    }

    It '-AK, -SK and -ST sign the calls, and -Verbose names the parameters, not the keys' {
        $run = Invoke-Discovery @{ AK = $AccessKey; SK = $SecretKey; ST = $SessionToken }
        $run.Targets.Count | Should -BeGreaterThan 0
        $run.Text | Should -Match 'Credentials from the -AccessKey/-SecretKey parameters'
    }

    It '-SecretAccessKey is -SecretKey, and -AWSProfilesLocation is -ProfileLocation' {
        (Invoke-Discovery @{ AccessKey = $AccessKey; SecretAccessKey = $SecretKey }).Text | Should -Match 'Credentials from the -AccessKey/-SecretKey parameters'
        (Invoke-Discovery @{ ProfileName = 'ops'; AWSProfilesLocation = $ProfileFile }).Text | Should -Match "Credentials from profile 'ops'"
    }
}

Describe '-Credential takes an AWS credentials object of another type' {
    It 'discovers with the object''s keys, read through GetCredentials(), and names its type, never its keys' {
        $reads = $Fake.Reads
        $run = Invoke-Discovery @{ Credential = $Fake }
        $run.Targets.Count | Should -BeGreaterThan 0
        $run.Text | Should -Match 'Credentials from the -Credential parameter \(FakeAWSCredentials\)'
        $Fake.Reads | Should -BeGreaterThan $reads
    }

    It 'comes after the literal keys and before -ProfileName' {
        (Invoke-Discovery @{ Credential = $Fake; AccessKey = 'AKIALITERAL'; SecretKey = $SecretKey }).Text | Should -Match 'Credentials from the -AccessKey/-SecretKey parameters'
        (Invoke-Discovery @{ Credential = $Fake; ProfileName = 'ops'; ProfileLocation = $ProfileFile }).Text | Should -Match 'Credentials from the -Credential parameter'
    }

    It 'an object that is no credentials object is AwsInvalidCredentialObject' {
        { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Credential 'not-credentials' } | Should -Throw -ErrorId 'AwsInvalidCredentialObject,*'
    }

    It 'an object whose GetCredentials() fails is AwsInvalidCredentialObject, with its reason' {
        $thrown = { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Credential ([FakeAwsTools.ThrowingCredentials]::new()) } |
            Should -Throw -ErrorId 'AwsInvalidCredentialObject,*' -PassThru
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.Exception.Message | Should -Match 'the token endpoint cannot be reached'
    }
}

Describe 'The session defaults of Set-AWSCredential and Set-DefaultAWSRegion' {
    AfterEach {
        Remove-Variable -Name StoredAWSCredentials, StoredAWSRegion -Scope Global -ErrorAction Ignore
    }

    It '$StoredAWSCredentials is used when no keys, -Credential or -ProfileName are given' {
        $global:StoredAWSCredentials = [FakeAwsTools.FakeAWSPSCredentials]::new($Fake, 'stored')
        $run = Invoke-Discovery
        $run.Targets.Count | Should -BeGreaterThan 0
        $run.Text | Should -Match 'Credentials from the session default \$StoredAWSCredentials'
    }

    It '-ProfileName, -Credential and the literal keys come before $StoredAWSCredentials' {
        $global:StoredAWSCredentials = [FakeAwsTools.FakeAWSPSCredentials]::new($Fake, 'stored')
        (Invoke-Discovery @{ ProfileName = 'ops'; ProfileLocation = $ProfileFile }).Text | Should -Match "Credentials from profile 'ops'"
        (Invoke-Discovery @{ Credential = $Fake }).Text | Should -Match 'Credentials from the -Credential parameter'
        (Invoke-Discovery @{ AK = $AccessKey; SK = $SecretKey }).Text | Should -Match 'Credentials from the -AccessKey/-SecretKey parameters'
    }

    It 'without any of them, the default chain (here AWS_ACCESS_KEY_ID) is used' {
        (Invoke-Discovery).Text | Should -Match 'Credentials from the default credential chain'
    }

    It 'a $StoredAWSCredentials that is no credentials object is ignored with a warning' {
        $global:StoredAWSCredentials = 'just a string'
        $run = Invoke-Discovery -DebugByPreference
        $run.Targets.Count | Should -BeGreaterThan 0
        $run.Records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'StoredAWSCredentials holds a String' } | Should -Not -BeNullOrEmpty
        $run.Text | Should -Match 'Credentials from the default credential chain'
    }

    It '$StoredAWSRegion comes after -Region and before the environment (AWS_REGION)' {
        $global:StoredAWSRegion = 'eu-west-3'
        (Invoke-Discovery).Text | Should -Match 'region eu-west-3 from the session default \$StoredAWSRegion'
        (Invoke-Discovery @{ Region = 'us-east-1' }).Text | Should -Match 'region us-east-1 from the -Region parameter'
    }
}

Describe 'STS and SSO failures are errors with stable ids, the authentication category and what to do' {
    # In a fresh pwsh each, since the STS/SSO endpoints and HOME (the SSO token cache) are process-wide; the
    # endpoints are a closed local port, so nothing leaves the machine.
    BeforeAll {
        $script:Failure = @'
$ErrorActionPreference = 'Stop'
Import-Module EcsDiscoverer
$env:AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:{0}'
$env:AWS_ENDPOINT_URL_SSO = 'http://127.0.0.1:{0}'
$env:AWS_ENDPOINT_URL_SSO_OIDC = 'http://127.0.0.1:{0}'
$env:HOME = '{1}'
$env:AWS_SHARED_CREDENTIALS_FILE = '{1}/credentials'
$env:AWS_CONFIG_FILE = '{1}/config'
try { Get-EcsPrometheusTarget -EndpointUrl 'http://127.0.0.1:{0}' -ProfileName '{2}' } catch {
    [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Message = $_.Exception.Message; Action = $_.ErrorDetails.RecommendedAction } | ConvertTo-Json -Compress
}
'@
        $script:FakeHome = Join-Path $ProfileDirectory 'home'
        $null = New-Item -ItemType Directory -Path $FakeHome
        Set-Content -Path (Join-Path $FakeHome 'credentials') -Value "[source]`naws_access_key_id = AKIASOURCE`naws_secret_access_key = $SecretKey"
        Set-Content -Path (Join-Path $FakeHome 'config') -Value @"
[profile assume]
role_arn = arn:aws:iam::123456789012:role/monitoring
source_profile = source
region = us-east-1
[profile sso-dev]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-1
"@
        function Invoke-Failure {
            param([string] $Profile)
            $script = $Failure.Replace('{0}', "$(Get-FreePort)").Replace('{1}', $FakeHome).Replace('{2}', $Profile)
            $result = Invoke-ChildPwsh -Script $script
            $json = $result.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1
            $json | Should -Not -BeNullOrEmpty -Because $result.Output
            $json | ConvertFrom-Json
        }
    }

    It 'an assume-role profile whose STS call fails: AwsAssumeRoleFailed' {
        $failure = Invoke-Failure 'assume'
        $failure.Id | Should -BeLike 'AwsAssumeRoleFailed,*'
        $failure.Category | Should -Be 'AuthenticationError'
        $failure.Message | Should -Match "profile 'assume'"
        $failure.Action | Should -Match 'sts:AssumeRole'
        $failure.Message + $failure.Action | Should -Not -Match ([regex]::Escape($SecretKey.Substring(0, 8)))
    }

    It 'an SSO profile without a valid token: AwsSsoLoginRequired, telling to run aws sso login' {
        $failure = Invoke-Failure 'sso-dev'
        $failure.Id | Should -BeLike 'AwsSsoLoginRequired,*'
        $failure.Category | Should -Be 'AuthenticationError'
        $failure.Action | Should -Match 'aws sso login'
    }
}
