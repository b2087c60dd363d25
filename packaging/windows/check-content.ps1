<#
.SYNOPSIS
    Check a content folder with the kiosk's own checker before you publish it.

.DESCRIPTION
    kiosk.exe is a windowed program: it has no console, so "kiosk.exe check" shows nothing when run
    by itself. This script runs it, collects its report and shows it here.

    Every problem is listed as   file:line: severity: message
    Errors stop a folder from being shown on the kiosks. Fix them first. Warnings are worth fixing.

    Exit code: 0 = no errors (safe to publish), 1 = errors found (do not publish),
    anything else = the check itself could not run.

.PARAMETER Folder
    The content folder to check: the one holding pack.toml (one pack) or library.toml (a library of
    topics). Leave it out to be asked; press Enter
    then to check the folder the kiosk on this computer is set to use.

.PARAMETER Strict
    Treat warnings as errors too.

.PARAMETER NoPause
    Do not ask questions or wait for Enter (for scripts and scheduled tasks).

.EXAMPLE
    check-content.ps1 -Folder '\\fileserver\kiosk\content-draft'
#>
[CmdletBinding()]
param(
    [string]$Folder = '',
    [switch]$Strict,
    [switch]$NoPause
)

$ErrorActionPreference = 'Stop'

# This script is installed in <program folder>\tools; kiosk.exe is one folder up.
$kiosk = Join-Path (Split-Path -Parent $PSScriptRoot) 'kiosk.exe'
if (-not (Test-Path -LiteralPath $kiosk)) {
    Write-Host "Cannot find kiosk.exe at $kiosk. Reinstall the SI Fusion Kiosk." -ForegroundColor Red
    exit 2
}

# Quote one argument the way the C runtime (and so Python) splits a Windows command line.
function ConvertTo-Argument([string]$Text) {
    if ($Text -ne '' -and $Text -notmatch '[\s"]') { return $Text }
    $escaped = $Text -replace '(\\*)"', '$1$1\"'   # backslashes before a quote double; the quote is escaped
    $escaped = $escaped -replace '(\\+)$', '$1$1'  # backslashes before the closing quote double
    return '"' + $escaped + '"'
}

if (-not $Folder -and -not $NoPause) {
    $Folder = (Read-Host 'Content folder to check (press Enter for the one this kiosk uses)').Trim().Trim('"')
}

$arguments = @('check')
if ($Folder) { $arguments += $Folder }
if ($Strict) { $arguments += '--strict' }

$info = New-Object System.Diagnostics.ProcessStartInfo
$info.FileName = $kiosk
$info.Arguments = ($arguments | ForEach-Object { ConvertTo-Argument $_ }) -join ' '
$info.UseShellExecute = $false
$info.CreateNoWindow = $true
$info.RedirectStandardOutput = $true
$info.RedirectStandardError = $true
$info.StandardOutputEncoding = [System.Text.Encoding]::UTF8
$info.StandardErrorEncoding = [System.Text.Encoding]::UTF8
# Ask Python for UTF-8 output, so accents and symbols in messages survive the pipe.
$info.EnvironmentVariables['PYTHONUTF8'] = '1'
$info.EnvironmentVariables['PYTHONIOENCODING'] = 'utf-8'

Write-Host "Checking $(if ($Folder) { $Folder } else { 'the configured content folder' }) ..."
$process = [System.Diagnostics.Process]::Start($info)
$errorsRead = $process.StandardError.ReadToEndAsync()   # read both streams at once: no deadlock
$report = $process.StandardOutput.ReadToEnd()
$process.WaitForExit()
$summary = $errorsRead.Result
$code = $process.ExitCode

Write-Host ''
if ($report.Trim()) { Write-Host $report.TrimEnd() }
if ($summary.Trim()) { Write-Host $summary.TrimEnd() }
if (-not $report.Trim() -and -not $summary.Trim()) {
    Write-Host '(The checker printed nothing; its exit code below still tells the result.)'
}
Write-Host ''
switch ($code) {
    0 { Write-Host 'No errors. This folder can be published.' -ForegroundColor Green }
    1 { Write-Host 'Errors found. Fix them before you publish this folder.' -ForegroundColor Red }
    default { Write-Host "The check could not run (exit code $code). Ask IT to look at it." -ForegroundColor Red }
}

if (-not $NoPause) { [void](Read-Host 'Press Enter to close') }
exit $code
