@echo off
rem Runs the whole system on this machine without Docker: Kafka (KRaft) on 9092, PostgreSQL with a
rem database per service, the identity service on 9000 and the four services on 8081-8083 and 8085.
rem Ctrl-C stops everything.
rem The Windows counterpart of run-local.sh (Linux, macOS), with the same options:
rem   run-local.cmd [--fresh] [--second-inventory] [--tracing] [--no-build] [--help]
rem   run-local.cmd dead-letters [replay SERVICE DLT/PARTITION/OFFSET | replay SERVICE --all] lists or replays the dead
rem     letters of the stack that runs (in another window): it builds nothing and starts nothing
rem   run-local.cmd token [ada^|bob^|staff] prints a demo account's access token from the stack that runs, likewise
rem   --tracing also runs Zipkin on 9411 (its jar fetched with Maven the first time) and traces every request there
rem   set SERVICE_JAVA_OPTIONS=... / set KAFKA_JAVA_OPTIONS=... replace the JVM options of the services / the broker
rem Needs JAVA_HOME set to a JDK 21 or newer.
rem Windows has no SIGTERM: there, stopping a service or the broker (stop NAME, Ctrl-C) ends it at once, as kill
rem does. The outbox and Kafka's log recovery make that safe; the broker's next start takes a little longer.
setlocal EnableExtensions DisableDelayedExpansion
rem The repository root; endlocal gives the caller its own directory back.
cd /d "%~dp0"

rem Labels and goto rather than ( ) blocks from here on: a JAVA_HOME under "Program Files (x86)" would end a block early.
if not defined JAVA_HOME goto no_java_home
set "JAVA_HOME=%JAVA_HOME:"=%"
if "%JAVA_HOME:~-1%"=="\" set "JAVA_HOME=%JAVA_HOME:~0,-1%"
if not exist "%JAVA_HOME%\bin\javac.exe" goto no_jdk
rem java.specification.version is "25" on a JDK 25 and "1.8" on a JDK 8, as scripts/java-env.sh reads it.
set "java_properties=%TEMP%\run-local-java-%RANDOM%.txt"
"%JAVA_HOME%\bin\java.exe" -XshowSettings:properties -version > "%java_properties%" 2>&1
set "java_version="
for /f "usebackq tokens=1,2 delims== " %%a in ("%java_properties%") do if "%%a"=="java.specification.version" set "java_version=%%b"
del "%java_properties%" 2>nul
set "java_major="
for /f "tokens=1 delims=." %%m in ("%java_version%") do set "java_major=%%m"
if not defined java_major goto no_jdk
if %java_major% LSS 21 goto no_jdk
set "PATH=%JAVA_HOME%\bin;%PATH%"

set "build=1"
set "tracing=0"
set "help=0"
for %%a in (%*) do (
  if "%%~a"=="--no-build" set "build=0"
  if "%%~a"=="--help" set "build=0"
  if "%%~a"=="--help" set "help=1"
  if "%%~a"=="--tracing" set "tracing=1"
)
set "command=0"
if "%~1"=="dead-letters" set "command=1"
if "%~1"=="token" set "command=1"
if "%command%"=="0" goto build
set "build=0"
rem Built by the run that started the stack. An older build would not know the command and would start a stack.
if exist "local-infrastructure\target\classes\dev\foodorder\infrastructure\local\DemoTokens.class" goto classpath
>&2 echo [local-stack ] The %~1 command is not built yet: run-local.cmd builds it (and starts the stack).
exit /b 1
:build
if "%build%"=="0" goto classpath
echo [local-stack ] Building (mvnw.cmd install -DskipTests) with %JAVA_HOME% ...
rem Quoted: cmd splits unquoted arguments at commas and equals signs.
call mvnw.cmd -q -B -ntp install -DskipTests -pl "local-infrastructure,identity-service,order-service,inventory-service,notification-service,analytics-service" -am
if errorlevel 1 exit /b 1

:classpath
rem A file of its own, with / in its paths (see below). cmd cannot compare file times as run-local.sh does with
rem the pom, so the file is written again after every build and reused only with --no-build.
set "classpath_file=local-infrastructure\target\local-stack-windows.classpath"
set "argument_file=local-infrastructure\target\local-stack-windows.args"
if "%build%"=="1" goto write_classpath
if not exist "%classpath_file%" goto write_classpath
for %%f in ("%classpath_file%") do if %%~zf==0 goto write_classpath
goto write_arguments
:write_classpath
call mvnw.cmd -q -B -ntp -pl local-infrastructure dependency:build-classpath "-Dmdep.outputFile=target/local-stack-windows.classpath" "-Dmdep.fileSeparator=/" "-Dmdep.regenerateFile=true"
if errorlevel 1 exit /b 1

:write_arguments
rem The class path is longer than the 8191 characters of a cmd line, so java reads it from an argument file.
rem Quoted, for a user directory with spaces; inside quotes \ escapes, hence the / above; a \ ending a line
rem continues the argument on the next.
> "%argument_file%" echo -cp
>> "%argument_file%" echo "local-infrastructure/target/classes;\
>> "%argument_file%" type "%classpath_file%"
>> "%argument_file%" echo "

set "zipkin_jar=local-infrastructure\target\zipkin\zipkin-server-3.5.1-exec.jar"
if not "%tracing%%help%"=="10" goto run
if exist "%zipkin_jar%" goto run
echo [local-stack ] Fetching the Zipkin server for --tracing (io.zipkin:zipkin-server:3.5.1:exec, 130 MB) ...
call mvnw.cmd -q -B -ntp -N dependency:copy "-Dartifact=io.zipkin:zipkin-server:3.5.1:jar:exec" "-DoutputDirectory=local-infrastructure/target/zipkin"
if errorlevel 1 exit /b 1

:run
rem The launcher, like the services it starts but the order service (JavaOptions.crowded), runs C1 only: five JVMs
rem starting on two cores start quickest without C2 compiling beside them. SERVICE_JAVA_OPTIONS (and KAFKA_JAVA_OPTIONS)
rem replace every default of the services (and of the broker).
"%JAVA_HOME%\bin\java.exe" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED ^
  -Dlogback.configurationFile=kafka-logback.xml ^
  "-Dlocal-stack.zipkin-jar=%zipkin_jar%" ^
  "@%argument_file%" dev.foodorder.infrastructure.local.LocalStack %*
exit /b %errorlevel%

:no_java_home
>&2 echo JAVA_HOME is not set.
goto jdk_wanted
:no_jdk
>&2 echo JAVA_HOME is "%JAVA_HOME%", which is no JDK 21 or newer.
:jdk_wanted
>&2 echo This project needs a JDK 21 or newer: install one and set JAVA_HOME to it, for example
>&2 echo   set "JAVA_HOME=C:\Program Files\Eclipse Adoptium\jdk-25.0.1.8-hotspot"
exit /b 1
