; Inno Setup 6 script: the Windows installer for the SI Fusion Kiosk.
;
; It packs the one-folder PyInstaller build (dist\kiosk\, made by `python3 tasks.py build`).
;
; Build (from any folder; paths below are relative to the repository root):
;   iscc /DAppVersion=0.1.0 packaging\windows\kiosk.iss
; Output:
;   dist\installer\si-fusion-kiosk-0.1.0-setup.exe
;
; Silent install, as IT tools run it:
;   si-fusion-kiosk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Extra switches this script reads:
;   /CONTENT="\\server\kiosk\content"   writes [content] dir = '...' into C:\ProgramData\kiosk\kiosk.toml
;   /CONFIG="\\server\kiosk\kiosk.toml" sets the machine environment variable KIOSK_CONFIG to that file
; Standard Inno Setup switches that help:
;   /MERGETASKS="!startmenu"            no Start menu shortcuts
;   /LOG="C:\Windows\Temp\kiosk-setup.log"
;   /RESTARTEXITCODE=3010               tell the caller (Intune, SCCM) when a restart is needed
;
; Exit codes: 0 done; 10 installed, but /CONTENT could not be written (see the log); others are Inno
; Setup's own (for example 2 = cancelled, 5 = failed during install).
; The guide for IT is docs/deployment.md.

#ifndef AppVersion
  #error Pass the version from pyproject.toml, for example: iscc /DAppVersion=0.1.0 kiosk.iss
#endif

#define AppName "SI Fusion Kiosk"
#define AppExe "kiosk.exe"
; The repository root, two folders up from this script.
#define RepoRoot AddBackslash(SourcePath) + "..\.."

[Setup]
; AppId identifies the product for upgrades and uninstall. Never change it.
AppId={{2F6E4B33-360F-48B4-B82D-684DB42F1076}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Writes to Program Files, C:\ProgramData and the machine environment: needs an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir={#RepoRoot}
OutputDir=dist\installer
OutputBaseFilename=si-fusion-kiosk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; KIOSK_CONFIG may change: tell running programs (and the next sign-in) about it.
ChangesEnvironment=yes
; A running kiosk refuses polite close requests by design, so an upgrade must force it to close.
; Files still locked after that are replaced at the next restart (restartreplace below).
CloseApplications=force
RestartApplications=no
SetupLogging=yes

[Tasks]
Name: "startmenu"; Description: "Start menu shortcuts (preview window, check content, make a staff PIN)"

[Dirs]
; The machine-wide config folder the kiosk reads (platformdirs site_config_path on Windows).
Name: "{commonappdata}\kiosk"; Flags: uninsneveruninstall
; A fixed log folder the kiosk account can write to; use it with [log] dir in kiosk.toml.
Name: "{commonappdata}\kiosk\logs"; Permissions: users-modify; Flags: uninsneveruninstall

[InstallDelete]
; Start every upgrade from a clean bundle: a file left over from an older build is never loaded by mistake.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The one-folder build: kiosk.exe and _internal\ (Python, Qt, the bundled content and assets).
Source: "dist\kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs restartreplace uninsrestartdelete
; The default machine config: every key at its default, with comments. Installed only when there is no
; kiosk.toml yet, and never removed, so IT's settings survive upgrades and uninstalls.
Source: "kiosk.example.toml"; DestDir: "{commonappdata}\kiosk"; DestName: "kiosk.toml"; Flags: onlyifdoesntexist uninsneveruninstall
; A copy of the example beside the program, to compare with after upgrades.
Source: "kiosk.example.toml"; DestDir: "{app}"; Flags: ignoreversion
; Helpers for staff and IT (kiosk.exe has no console window, so these show its output).
Source: "packaging\windows\check-content.ps1"; DestDir: "{app}\tools"; Flags: ignoreversion
Source: "packaging\windows\make-pin.ps1"; DestDir: "{app}\tools"; Flags: ignoreversion
; The guides.
Source: "docs\*.md"; DestDir: "{app}\docs"; Flags: ignoreversion skipifsourcedoesntexist

[Registry]
; /CONFIG="path": the kiosk reads this file instead of C:\ProgramData\kiosk\kiosk.toml.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "KIOSK_CONFIG"; ValueData: "{code:ConfigParam}"; Check: HasConfigParam; Flags: uninsdeletevalue

[Icons]
Name: "{autoprograms}\{#AppName}\{#AppName} (preview window)"; Filename: "{app}\{#AppExe}"; Parameters: "preview"; WorkingDir: "{app}"; Tasks: startmenu
Name: "{autoprograms}\{#AppName}\{#AppName} (full screen)"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: startmenu
Name: "{autoprograms}\{#AppName}\Check content"; Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\tools\check-content.ps1"""; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Tasks: startmenu
Name: "{autoprograms}\{#AppName}\Make a staff PIN"; Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\tools\make-pin.ps1"""; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Tasks: startmenu
Name: "{autoprograms}\{#AppName}\Deployment guide"; Filename: "{app}\docs\deployment.md"; Tasks: startmenu
Name: "{autoprograms}\{#AppName}\Content guide"; Filename: "{app}\docs\content-guide.md"; Tasks: startmenu

[Code]
var
  ContentWriteFailed: Boolean;

// The value of /NAME="..." on Setup's command line, or '' when it is not there.
function SwitchValue(const Name: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
end;

// For {code:ConfigParam} in [Registry].
function ConfigParam(Param: String): String;
begin
  Result := SwitchValue('CONFIG');
end;

function HasConfigParam: Boolean;
begin
  Result := SwitchValue('CONFIG') <> '';
end;

// A TOML string holding Value exactly: a literal string ('...', no escapes, so Windows paths stay
// readable) unless Value contains a single quote; then a basic string with \ and " escaped.
function TomlString(const Value: String): String;
var
  Escaped: String;
begin
  if Pos('''', Value) = 0 then
    Result := '''' + Value + ''''
  else
  begin
    Escaped := Value;
    StringChangeEx(Escaped, '\', '\\', True);
    StringChangeEx(Escaped, '"', '\"', True);
    Result := '"' + Escaped + '"';
  end;
end;

// True if Line is a table header such as "[content]" (a comment may follow); Name gets its name.
function IsTableHeader(const Line: String; var Name: String): Boolean;
var
  Text: String;
  CloseAt: Integer;
begin
  Text := Trim(Line);
  Result := Copy(Text, 1, 1) = '[';
  if Result then
  begin
    CloseAt := Pos(']', Text);
    if CloseAt = 0 then
      CloseAt := Length(Text) + 1;
    Name := Lowercase(Trim(Copy(Text, 2, CloseAt - 2)));
  end;
end;

// True if Line assigns the key "dir" (as in: dir = "...").
function IsDirKey(const Line: String): Boolean;
var
  Text: String;
begin
  Text := Trim(Line);
  Result := False;
  if Copy(Text, 1, 3) = 'dir' then
    Result := Copy(TrimLeft(Copy(Text, 4, Length(Text))), 1, 1) = '=';
end;

procedure AddLine(var Lines: TArrayOfString; const Line: String);
var
  Count: Integer;
begin
  Count := GetArrayLength(Lines);
  SetArrayLength(Lines, Count + 1);
  Lines[Count] := Line;
end;

// Set "dir" in the [content] table of the TOML file FileName, keeping every other line and comment.
// Adds the key, or the whole table, when it is missing. Writes UTF-8 without a byte-order mark,
// which is what the kiosk's TOML reader expects.
function SetContentDir(const FileName, Folder: String): Boolean;
var
  OldLines, NewLines: TArrayOfString;
  Setting, Line, Table: String;
  I: Integer;
  InContent, Written: Boolean;
begin
  Setting := 'dir = ' + TomlString(Folder);
  if not LoadStringsFromFile(FileName, OldLines) then
    SetArrayLength(OldLines, 0);
  SetArrayLength(NewLines, 0);
  InContent := False;
  Written := False;
  for I := 0 to GetArrayLength(OldLines) - 1 do
  begin
    Line := OldLines[I];
    if IsTableHeader(Line, Table) then
    begin
      if InContent and not Written then
      begin
        AddLine(NewLines, Setting);
        Written := True;
      end;
      InContent := Table = 'content';
      AddLine(NewLines, Line);
    end
    else if InContent and IsDirKey(Line) then
    begin
      if not Written then
        AddLine(NewLines, Setting);
      Written := True;
    end
    else
      AddLine(NewLines, Line);
  end;
  if InContent and not Written then
  begin
    AddLine(NewLines, Setting);
    Written := True;
  end;
  if not Written then
  begin
    AddLine(NewLines, '');
    AddLine(NewLines, '[content]');
    AddLine(NewLines, Setting);
  end;
  Result := SaveStringsToUTF8FileWithoutBOM(FileName, NewLines, False);
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  ConfigFile, Content, Config: String;
begin
  if CurStep <> ssPostInstall then
    Exit;
  ConfigFile := ExpandConstant('{commonappdata}\kiosk\kiosk.toml');
  Content := SwitchValue('CONTENT');
  Config := SwitchValue('CONFIG');

  if Config <> '' then
  begin
    Log('KIOSK_CONFIG = ' + Config);
    if not FileExists(Config) then
      Log('Note: Setup cannot see ' + Config + ' (a share this account cannot reach?). ' +
          'The kiosk falls back to built-in defaults until it can read it.');
  end;

  if Content <> '' then
  begin
    if Config <> '' then
      Log('Warning: /CONFIG is also set, so the kiosk reads ' + Config + ' and not ' + ConfigFile +
          '. Put [content] dir into ' + Config + ' instead.');
    if not DirExists(Content) then
      Log('Note: Setup cannot see the folder ' + Content + '. Writing it anyway: ' +
          'check that the kiosk account can read it.');
    if SetContentDir(ConfigFile, Content) then
      Log('Wrote [content] dir = ' + Content + ' into ' + ConfigFile)
    else
    begin
      ContentWriteFailed := True;
      Log('Error: could not write ' + ConfigFile);
      SuppressibleMsgBox('Could not write the content folder into ' + ConfigFile + '.' + #13#10 +
                         'Edit [content] dir in that file by hand.', mbError, MB_OK, IDOK);
    end;
  end;
end;

function GetCustomSetupExitCode: Integer;
begin
  if ContentWriteFailed then
    Result := 10
  else
    Result := 0;
end;
