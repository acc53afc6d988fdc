<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message>
        <source>LLMux</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::ClientSnippets</name>
    <message>
        <source>Settings → Model Provider → Add. Cherry Studio adds /v1 to the API host itself; press Manage to fetch the model list from LLMux.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in the shell that starts claude. No /v1 in the URL: Claude Code adds /v1/messages itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to ~/.codex/config.toml. LLMux speaks the Chat Completions wire API; Codex releases that accept only wire_api = &quot;responses&quot; cannot use it yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to ~/.continue/config.yaml (or merge the model into your models list).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A quick check from a terminal that the key and the model work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider type: OpenAI
API host: %1
API key: %2
Model ID: %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and in the shell that starts codex:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::ConnectPage</name>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point a client at LLMux: create a key for it, pick a model, paste the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the request log and in “llmux key list”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a key for this client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public model names and routes; add them with “llmux model add” or “llmux route add”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this key now: LLMux keeps only its hash and cannot show it again. The settings below already contain it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key needs a name, e.g. the client it is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Stopped: clients reach LLMux once it runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key and model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway is not listening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::HealthModel</name>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checks in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 checks of this provider succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::HealthPage</name>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No providers yet. Add one with “llmux provider add NAME --preset ID”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No routes or model aliases yet. Add one with “llmux route add NAME --target PROVIDER:MODEL”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks every key of every enabled provider with its cheapest authenticated call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the gateway to check providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway is stopped; providers are not being checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers have not been checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 providers down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All checked providers are up</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::MainWindow</name>
    <message>
        <source>LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::RecentRequestsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (client left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::TargetHealthModel</name>
    <message>
        <source>Failed / all requests in the last %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracked separately for each requested model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>circuit open until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route, strategy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wildcard route, strategy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model alias</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::TrayIcon</name>
    <message>
        <source>Open LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux — gateway paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux — serving at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is down: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway still serves your tools. Open LLMux from the tray icon; quit it from the tray menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
