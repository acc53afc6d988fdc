<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>llmux::CoreMessages</name>
    <message>
        <source>Cannot %1: %2. %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot %1: %2 (%3). %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>read the provider's API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>save the API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>delete the API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no OS keychain is available on this machine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>access to the OS keychain was denied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the OS keychain refused access (it may be locked)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the OS keychain has no such entry (or is locked)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the OS keychain could not delete the entry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the OS keychain reported an error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unlock or start your keyring (gnome-keyring, KWallet, macOS Keychain, Windows Credential Manager), or store the key in an environment variable and add the provider with --api-key-env NAME.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot reach the OS keychain: it did not answer within 15 seconds. %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot %1: the OS keychain did not answer within %2 s. Unlock it (answer its password prompt if one is open) and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' has no usable API key: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' has kind '%2', which this LLMux does not know.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' must be reached through proxy %2, which cannot be used: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' is reachable: HTTP %2 in %3 ms%4.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, %1 models available</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' answered HTTP %2.%3 Response: %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> The provider rejected the API key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' failed the test: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Bad response from %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot connect to %1: the connection was closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connection to %1 failed: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connecting to %1 took longer than %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 sent no response within %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 stalled: no data for %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 did not finish within %2 s (total timeout)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 via proxy %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1; %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>key '%1': %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>via %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Budget for %1 passed %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget for %1 is spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit %1 keeps refusing requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; rejected %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is out of credit on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every target of &apos;%1&apos; failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway key &apos;%1&apos; expires soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its main key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra key %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::NumberCards</name>
    <message>
        <source>%1M</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1B</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::CopyFeedback</name>
    <message>
        <source>Copied</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 Choose another port in Settings, or close the program that uses it, then start the gateway again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::Autostart</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot change the Windows Run key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot remove %1.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ChatStream</name>
    <message>
        <source>The gateway did not accept the Playground's key (%1). Check it on the Keys page, or start a new chat to get a new one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway answered with HTTP status %1 and no explanation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway answered with HTTP status %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway could not get a reply: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model's provider reported an error during the reply: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot reach the gateway at %1: it is not running. Start it, then send again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The connection to the gateway failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway ended the reply without sending anything.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ClientSnippets</name>
    <message>
        <source>Settings → Model Provider → Add. Cherry Studio adds /v1 to the API host itself; press Manage to fetch the model list from LLMux.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run in the shell that starts claude. No /v1 in the URL: Claude Code adds /v1/messages itself.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add to ~/.codex/config.toml. LLMux serves Codex's Responses wire API on every provider, translating where the provider speaks another format.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add to ~/.continue/config.yaml (or merge the model into your models list).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A quick check from a terminal that the key and the model work.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider type: OpenAI
API host: %1
API key: %2
Model ID: %3
</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>and in the shell that starts codex:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::AgentSetupCard</name>
    <message>
        <source>Set up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shows what changes in %1's settings, then makes a key for it and writes them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Puts %1's settings back exactly as they were before LLMux changed them, and revokes its key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Uses LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Points elsewhere (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not set up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>edit %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>create %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Set up %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 will use LLMux at %2 with the model %3. LLMux makes a key for it and changes only its own settings in:

%4
Everything else in these files stays as it is, and Undo puts them back exactly as they are now.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 now uses LLMux. Start it as usual; Undo puts its settings back.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 was not set up: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undo the setup of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Put %1's settings back exactly as they were before LLMux changed them, and revoke the key made for it?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1's settings are as they were before.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ConnectPage</name>
    <message>
        <source>Connect</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Point a client at LLMux: create a key for it, pick a model, paste the settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy base URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shown in the request log and in “llmux key list”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a key for this client</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No models yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy this key now: LLMux keeps only its hash and cannot show it again. The settings below already contain it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A key needs a name, e.g. the client it is for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Starting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>○ Stopped: clients reach LLMux once it runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key and model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public model names and routes; add them on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Coding agents, in one click</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy base URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recent requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Starting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>○ Stopped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway is not listening.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Median latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top models today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No requests today yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read today's usage: %1 It is tried again with the next request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nearest budget: %1, %2 of %3 (%4%)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::GettingStartedCard</name>
    <message>
        <source>Get started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1. Add a provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick a preset such as DeepSeek, paste its API key and test the connection.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>2. Connect a client</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a key for Cherry Studio, Claude Code, Codex or any OpenAI client and paste the settings LLMux shows.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect a client</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>3. Send a first request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chat from your client or in the Playground; every request then shows up in Logs and Usage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Playground</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::HealthModel</name>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>24 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No checks in this period</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 checks of this provider succeeded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min ago</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h ago</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 d ago</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::HealthPage</name>
    <message>
        <source>Health</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Route targets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checks every key of every enabled provider with its cheapest authenticated call</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start the gateway to check providers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway is stopped; providers are not being checked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Providers have not been checked yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 providers down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All checked providers are up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No providers yet. Add one on the Providers page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No routes or model aliases yet. Add one on the Models page.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::KeyCreateDialog</name>
    <message>
        <source>No project</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keys in a project share its rate limits and budgets (llmux project add NAME)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every model; or names and patterns, e.g. deepseek-* qwen-max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public model names or patterns with * and ?, separated by spaces or commas. Requests for other models are refused, and model lists show only these.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Inference: every endpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read: models and usage only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Admin: also the management API</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a gateway key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. the client or person it is for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shown in the request log and on the usage page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In 30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In 90 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On a date</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy this key now and keep it safe: LLMux stores only its hash and cannot show it again. If it is lost, revoke it and create another.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A key needs a name, e.g. the client or person it is for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the existing keys: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A key named “%1” already exists. Pick another name, or revoke that key first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick an expiry date after today.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot create the key: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::KeysModel</name>
    <message>
        <source>read only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>everything</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>May use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Its project, the models and endpoints it may use, and its scope (llmux key set %1 ...)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoked %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rate limits and budgets on this key and its project (edited on the Limits &amp; budgets page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::KeysPage</name>
    <message>
        <source>Keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gateway keys let clients use LLMux. Give each client its own key, so you can see its usage and turn it off on its own.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create key…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoke…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show revoked keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reads the keys and their usage again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No keys yet. Create one for each client that should use LLMux; it is shown once, so copy it into the client right away.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests, tokens and cost count every request in the log made with the key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the gateway keys: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the keys' usage: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lets clients use this key again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Turns the key off for now; enable it again any time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ends the key for good; its usage stays in the log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot disable the key “%1”: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot enable the key “%1”: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoke key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoke the key “%1”? Clients using it stop working at once, and it cannot be turned back on. Its usage stays in the log.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot revoke the key “%1”: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::Language</name>
    <message>
        <source>System default</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::LogsPage</name>
    <message>
        <source>Logs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live tail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show new requests at the top as the gateway handles them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the request log: %1. Check that the data folder is readable and not full, then press Refresh.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From (inclusive)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>To (exclusive)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success (2xx)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All providers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search models, providers, keys and errors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy every field of this request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading the request log…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%Ln request(s)</source>
        <translation>
            <numerusform>%Ln request</numerusform>
            <numerusform>%Ln requests</numerusform>
        </translation>
    </message>
    <message>
        <source>No requests yet. Requests that clients send through the gateway appear here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No requests match these filters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a request to see all of its details.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%Ln new request(s) — show them</source>
        <translation>
            <numerusform>%Ln new request — show them</numerusform>
            <numerusform>%Ln new requests — show them</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request: #%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Client disconnected: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model requested: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upstream model: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key: %1 (#%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stream: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Session: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First byte: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens in: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens out: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempts: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempt errors: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempt errors:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;LLMux %1&lt;/h3&gt;&lt;p&gt;A local gateway for LLM providers: one address and key for your tools, any provider behind it.&lt;/p&gt;&lt;p&gt;Built with Qt %2. Released under the MIT licence.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;https://github.com/llmux/llmux&quot;&gt;Website and source&lt;/a&gt; · &lt;a href=&quot;https://github.com/llmux/llmux/issues&quot;&gt;Report a problem&lt;/a&gt;&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ModelDialog</name>
    <message>
        <source>Could not read what the model can take: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model was saved, but not what it can take: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clients ask for the public name; LLMux sends the request to the provider with the provider's own model name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. fast, gpt-4o, claude-sonnet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No providers yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider's model name, e.g. gpt-4o-mini</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type the model name the provider expects; the list offers names already used with this provider.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upstream model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Prices in US$ per 1M tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tick to have the usage page count the cost of this model's requests; leave off when you do not know the prices. The price belongs to the provider's model: every name for it uses the same one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Input (prompt)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Output (completion)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enabled: clients can use this name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a provider first (Providers page): a model points at one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit model “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the model a public name: the name clients will ask for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick the provider that serves this model. No provider yet? Add one on the Providers page first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the upstream model: the provider's own name for it, e.g. gpt-4o-mini.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Prices cannot be negative: give US$ per million tokens, or turn prices off.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is already a model named “%1” (→ %2/%3). Pick another name, or edit that model instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“%1” is already a route, which this model would hide. Pick another name, or remove the route first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This model cannot be saved as it is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not check the model: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not save the model: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ModelTableModel</name>
    <message>
        <source>What the model can take: LLMux's presets for well-known models, with your edits (Edit model). Routes skip a model that cannot take a request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not known</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>tools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no tools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 output</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Responses API only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Can take</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clients can use this name; untick to turn it off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Turned off: clients asking for this name get an error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upstream model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Input / 1M</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Output / 1M</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not turn “%1” on: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not turn “%1” off: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ModelsPage</name>
    <message>
        <source>Models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Routes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One public name → one provider model. Prices let the usage page count costs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One name or pattern → several provider models, with failover or load balancing. A model of the same name wins over a route.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the models: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the routes: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Routes (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model names clients ask for, and where LLMux sends each request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No providers yet.
Add a provider first on the Providers page, then come back to give its models public names.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No models yet.
Click “Add model” to give a provider's model a public name that clients can ask for, e.g. “fast” → openai/gpt-4o-mini.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No routes yet.
A route serves one name, or every name a pattern such as “gpt-4o*” matches, from several providers. Click “Add route” to create one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a provider first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the model “%1” (→ %2/%3)? Clients asking for it will get an error.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not remove the model: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the route “%1” (%2)? Clients asking for it will get an error.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not remove the route: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::PlaygroundKey</name>
    <message>
        <source>The Playground's key is disabled. Enable the key named “%1” on the Keys page to chat here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the gateway keys: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot replace the Playground's old key: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot create a key for the Playground: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::PlaygroundPage</name>
    <message numerus="yes">
        <source>The reply was cut off after %n character(s).</source>
        <translation>
            <numerusform>The reply was cut off after %n character.</numerusform>
            <numerusform>The reply was cut off after %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Playground</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chat with any model through the gateway, exactly as a client would: the reply streams in, then its timing, tokens and cost.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No messages yet. Pick a model, write a message below and press Enter.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>model or provider/model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A model or route the gateway serves, or “provider/model” to ask a provider directly.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top p</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional, e.g. “You are a concise assistant.”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter starts a new line)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy as curl</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copies this request as a curl command. The key is left as $LLMUX_API_KEY: the Playground's own key is never copied.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start the gateway to chat.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway is stopped. Start it to chat: the Playground talks to it like any other client.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hello!</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick a model first, or type one as provider/model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway stopped before the message was sent. Start it, then send again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(stopped)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First token after %1, receiving…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped before the first token.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped. %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No reply.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First token after %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>total %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 prompt + %2 completion tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cost $%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no price set for this model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the provider reported no token counts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied. The command reads the key from $LLMUX_API_KEY: set it to a gateway key (create one on the Keys page) before you run it.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ExtraKeysSection</name>
    <message>
        <source>Extra keys form a pool: requests are spread over them, and keys the provider rejects or rate-limits are skipped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Another API key of this provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>new key (…%1), saved with the provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OS keychain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ConnectionSection</name>
    <message>
        <source>Use this provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>openai covers every OpenAI-compatible API (DeepSeek, Qwen, Moonshot, OpenRouter, Ollama, LM Studio…).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. deepseek</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leave empty to keep the stored key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paste the API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>https://YOUR-RESOURCE.openai.azure.com</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>https://api.example.com/v1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No API key needed: this runs on your machine.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No API key needed: this runs on your machine (%1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Needs an API key from the provider.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Needs an API key; get one at %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key is read from the environment variable %1. A key typed here is stored in the OS keychain instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key is stored in the OS keychain.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No key is stored for this provider.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Any OpenAI-compatible API uses the kind openai; give its base URL, usually ending in /v1.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::AdvancedSection</name>
    <message>
        <source>Advanced: timeouts, proxy, extra keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect timeout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First byte timeout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Idle timeout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Total timeout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long connecting to the provider may take.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long the provider may think before the first byte of its answer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long a stream may stay silent between chunks.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long the whole exchange may take, streams included.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none, system, or http://host:port / socks5://user:pass@host:port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Proxies tried in order, separated by spaces. A password in a URL is stored in the OS keychain, never in the configuration.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>localhost,.internal,10.0.0.0/8</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No proxy for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (use the provider's own if it has one)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider's own /responses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Translate to Chat Completions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How Codex and other Responses API clients reach this provider. Automatic tries the provider's own Responses API once and remembers whether it has one. Applies to OpenAI-compatible and Azure providers; the others are always translated.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Responses API</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Extra keys</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ModelOfferSection</name>
    <message>
        <source>Tick the models your tools should use; each becomes a model name on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (already a model)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider lists no models; add them on the Models page by name.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>The provider offers %n model(s).</source>
        <translation><numerusform>The provider offers %n model.</numerusform><numerusform>The provider offers %n models.</numerusform></translation>
    </message>
    <message>
        <source>Could not fetch the model list (see above).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ProviderDraftCheck</name>
    <message>
        <source>Give the base URL of your Azure OpenAI resource, e.g. https://YOUR-RESOURCE.openai.azure.com.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the provider's base URL, e.g. https://api.deepseek.com/v1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“%1” is not a web address: it must start with http:// or https:// and name a host, e.g. https://api.deepseek.com/v1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>new provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 needs an API key. Paste it above; it is stored in the OS keychain.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the provider a name, e.g. deepseek.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A provider name may use letters, digits, '-', '_' and '.' (no spaces, '/' or ':'), e.g. deepseek or openai-work.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is already a provider named “%1”. Pick another name.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ProviderDialog</name>
    <message>
        <source>Edit provider %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start from</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fetch models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fetching the model list…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Connected in %1 ms — %n model(s)</source>
        <translation>
            <numerusform>Connected in %1 ms — %n model</numerusform>
            <numerusform>Connected in %1 ms — %n models</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected in %1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider was not saved: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saving… (if the OS keychain asks to be unlocked, answer it)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>List the provider's models, to add the ones you check as models.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Azure OpenAI lists its base models, not your deployments, and requests go to deployments: add each deployment name as a model on the Models page.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ProviderTester</name>
    <message>
        <source>the environment variable %1 is not set for LLMux</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::ProvidersModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The main key is read from $%1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 keys work</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The main key is stored in the OS keychain.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No main key: requests go to this provider without one (fine for local servers; edit the provider to add a key).</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 %n extra key(s) form a pool: requests are spread over the keys.</source>
        <translation>
            <numerusform>%1 %n extra key joins the pool: requests are spread over the keys.</numerusform>
            <numerusform>%1 %n extra keys form a pool: requests are spread over the keys.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmux::ProvidersPage</name>
    <message>
        <source>Providers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add your first provider — e.g. DeepSeek. LLMux then serves its models to every client on this machine.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1: connected in %2 ms — %n model(s).</source>
        <translation>
            <numerusform>%1: connected in %2 ms — %n model.</numerusform>
            <numerusform>%1: connected in %2 ms — %n models.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: connected in %2 ms.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: the test failed. %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Added models: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Testing %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not change provider %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is enabled; routes use it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is disabled; routes fail over to their other targets.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the provider “%1” (%2)?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Its models and extra keys go with it, and its API keys are deleted from the OS keychain. Routes that use it lose those targets.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removing %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removed provider %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removing %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the providers: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Where LLMux sends requests: cloud APIs and local servers.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n provider(s), %1 enabled.</source>
        <translation>
            <numerusform>%n provider, %1 enabled.</numerusform>
            <numerusform>%n providers, %1 enabled.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Added %1 with %n model(s). Next: connect a client on the Connect page.</source>
        <translation><numerusform>Added %1 with %n model. Next: connect a client on the Connect page.</numerusform><numerusform>Added %1 with %n models. Next: connect a client on the Connect page.</numerusform></translation>
    </message>
    <message>
        <source>Added %1, but no models were added, so no client can use it yet. Add each deployment name as a model on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Added %1, but no models were added, so no client can use it yet. Add models on the Models page, or edit the provider, fetch its models and tick the ones your tools should use.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect a client</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open the Models page</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RecentRequestsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First byte</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RequestLogFormat</name>
    <message>
        <source>%1 (client left)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RequestLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upstream model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stream</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First byte</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RouteDialog</name>
    <message>
        <source>Add route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A route serves one public name, or every name a pattern matches, from several provider models.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. smart, or gpt-4o*</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name or pattern</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Targets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover tries the targets from the top; weights matter only to the weighted strategy.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enabled: clients can use this route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a provider first (Providers page): every target is a provider and one of its models.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A pattern: it serves every model name it matches. A “*” in a target's model is replaced by what the first “*” matched, e.g. gpt-4o* → openai/gpt-4o*.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An exact name. “*” (any text) and “?” (one character) make it a pattern; a “*” in a target's model is then replaced by what it matched.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover: always the first target; the next one only when it fails.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Round robin: the targets take turns, request by request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weighted: requests are spread at random in proportion to the weights.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lowest latency: the target that has been answering fastest.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lowest cost: the cheapest target by the prices of its model aliases.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit route “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the route a name or a pattern: what clients will ask for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add at least one target: a provider and the model it should serve.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target %1 has no provider: pick one in its Provider cell.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target %1 has no model: type the provider's model name in its Model cell.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The weight of target %1 must be between 1 and %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target %1's model contains “*”, but “%2” has no “*” whose match could replace it: make the name a pattern or remove the “*”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“%1” is already a model (→ %2/%3), which would hide this route. Pick another name, or remove that model first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is already a route “%1”. Pick another name, or edit that route instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This route cannot be saved as it is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not check the route: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not save the route: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RouteTableModel</name>
    <message>
        <source>Failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Round robin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weighted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lowest latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lowest cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No targets: their providers were removed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A pattern: serves every model name it matches</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name or pattern</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Targets, in order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not turn route “%1” on: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not turn route “%1” off: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::RouteTargetsModel</name>
    <message>
        <source>(pick a provider)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(type the model name)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How LLMux listens, starts and looks, and how long it keeps its log.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every network interface (0.0.0.0)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listen address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listen on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Apply and restart gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Startup</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start LLMux when I log in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start minimized to the tray</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closing the window keeps the gateway running in the tray; quit from the tray icon's menu.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not change starting with the system: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Same as the system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>90 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 year</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>2 years</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Forever</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep request logs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The folder holds the configuration database and the request log; provider keys are in the system keychain. To use another folder, start LLMux with --data-dir FOLDER or set LLMUX_DATA_DIR.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not open %1 in the file manager.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retries, circuit breakers and health checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Double-click a value to change it; changes apply to the next request. Bold values differ from the default.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restore defaults</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter an IP address such as 127.0.0.1, ::1 or 0.0.0.0.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other computers on your network can reach LLMux at this address. Every request still needs a gateway key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serving at %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only programs on this computer can reach LLMux.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>The gateway is stopped; it listens here once it is started.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux cannot listen on %1 port %2: another program (or another LLMux) is using it, or the address does not belong to this computer. It keeps serving at %3. Choose another port, or close the program that uses this one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::TargetHealthModel</name>
    <message numerus="yes">
        <source>%1 of %n failed</source>
        <translation>
            <numerusform>%1 of %n failed</numerusform>
            <numerusform>%1 of %n failed</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed / all requests in the last %1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Circuit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tracked separately for each requested model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>per model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>probing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>circuit open until %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Route, strategy: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wildcard route, strategy: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model alias</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::TrayIcon</name>
    <message>
        <source>Open LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quit LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux — gateway paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux — serving at %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Down: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pause gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resume gateway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' is back up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider '%1' is down: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux keeps running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gateway still serves your tools. Open LLMux from the tray icon; quit it from the tray menu.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::TuningSettingsModel</name>
    <message>
        <source>%1 to %2%3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, or 0 for off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Meaning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upstream attempts per request, the first included.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No new attempt starts later than this after the request arrived.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wait before going back to a target already tried (doubles each round, with jitter).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Longest wait between rounds.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Consecutive failures that open a target's circuit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long an open circuit refuses before one probe goes through (doubles while probes fail).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How often every provider key is checked; 0 turns checks off.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How long one health check may take.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Days the request log keeps each request (usage charts included); older entries are deleted. 0 keeps everything.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Days a stored Responses API answer is kept for previous_response_id and GET /v1/responses/{id}. 0 keeps them until the size limit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Megabytes of stored Responses API answers kept at most; the oldest go first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When the gateway stops, how long requests in flight may take to finish; what is still running then is cut off. 0 cuts off at once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::UsageBreakdownModel</name>
    <message>
        <source>(no model)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no provider reached)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key #%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no key)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>$%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::UsageCharts</name>
    <message>
        <source>MMM d HH:mm</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MMM d</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MMM yyyy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Completion tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests per minute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Median latency (ms)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::UsageExport</name>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>by hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>by day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>by week</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>by month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2. Choose another folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2. Check the free space and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LLMux usage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot create the PDF %1. Choose another folder and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot finish the PDF %1. Check the free space and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No requests in this range.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::UsagePage</name>
    <message>
        <source>Saved %1. &lt;a href=&quot;%2&quot;&gt;Open its folder&lt;/a&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens, requests and cost of the requests sent through LLMux.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export PDF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No usage yet. Send a request through LLMux and it shows up here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Granularity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By week</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Over time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Breakdown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Break down by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the usage: %1 Try again; if it keeps failing, check the data folder's disk.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n request(s), %1</source>
        <translation>
            <numerusform>%n request, %1</numerusform>
            <numerusform>%n requests, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The usage is still loading; export again in a moment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export usage as PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n model(s) without a price, so the cost shows as $0: %1. Add prices per 1M tokens on the Models page.</source>
        <translation>
            <numerusform>No price is set for %1, so its cost shows as $0. Add prices per 1M tokens on the Models page.</numerusform>
            <numerusform>No prices are set for %n models, so their cost shows as $0: %1. Add prices per 1M tokens on the Models page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmux::CapabilitiesEditor</name>
    <message>
        <source>What the model can take</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Routes skip a model that cannot take a request (images to a text-only model, tools to a model without them, a prompt longer than its context window) and lower an answer length over its limit. Automatic uses what LLMux knows of well-known models; it belongs to the provider's model, whatever its name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whether it can call tools (functions).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whether it can read images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whether it reasons (thinks) first; reasoning settings are left out for a model that does not.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whether the provider offers it only through the Responses API (OpenAI's codex models); every client's requests then go there.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Prompt and answer together; a longer prompt skips this model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An answer asked to be longer is lowered to this.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Responses API only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Context window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Longest answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (not known: assumed yes)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (yes)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (no)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (%1 tokens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic (not known)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>llmux::AlertChannelDialog</name>
    <message>
        <source>Alert channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an alert channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. team chat, on-call mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The webhook address the service gave you. It holds a token, so it is kept in the OS keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DingTalk&apos;s and Feishu&apos;s signing secret (&quot;sign&quot; security setting), or a key LLMux signs a generic webhook&apos;s body with (X-LLMux-Signature). Kept in the OS keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS from the start (port 465)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (no login)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com, team@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PEM file of certificates to trust for a server whose certificate is not signed by a public authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send these events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to this channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one event.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::AlertChannelsModel</name>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::AlertHistoryModel</name>
    <message>
        <source>No channel wanted it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 channels failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n channel(s)</source>
        <translation>
            <numerusform>Sent to %n channel</numerusform>
            <numerusform>Sent to %n channels</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::AlertText</name>
    <message>
        <source>Budget threshold reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget exhausted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit hit repeatedly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider key rejected or out of credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider recovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every target of a route failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway key about to expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DingTalk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feishu / Lark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every event but %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::AlertsPage</name>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channels yet: alerts only show in the tray. Add Slack, DingTalk, Feishu, e-mail or any webhook to hear of budgets, limits and providers wherever you are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts yet. Budgets, limits, providers and keys raise them when something needs you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts show in the tray; add a channel to get them elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s) on</source>
        <translation>
            <numerusform>%n channel on</numerusform>
            <numerusform>%n channels on</numerusform>
        </translation>
    </message>
    <message>
        <source>; last alert %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 took the test message: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not take the test message: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove alert channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1? Its address and secrets are deleted from the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert channel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::BudgetDialog</name>
    <message>
        <source>Set a budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending in US$</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending comes from the prices of your models; a model without a price counts only in token quotas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Percents of the amount that send an alert (the Alerts page says where), e.g. 50,80,100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert at (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse requests once it is spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no project yet: add one with llmux project add NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no gateway key yet: create one on the Keys page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert thresholds are percents separated by commas, e.g. 50,80,100.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::BudgetsModel</name>
    <message>
        <source>Requests to models without a price cost nothing here; give them a price on the Models page, or add a token quota.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent: refusing requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent (alerts only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heading over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heading for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2 tokens without a price not counted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::GovernanceText</name>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 requests per %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens per %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 requests at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, hard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::LimitDialog</name>
    <message>
        <source>Add a rate limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model may be a pattern with * and ?, e.g. gpt-4o*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any sliding window from seconds to a day: 30s, 1m, 5m, 1h, 1d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what the limit applies to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window is a length from a second to a day, like 30s, 1m, 5m, 1h or 1d.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::LimitsModel</name>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full: refusing requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearly full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room to spare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::LimitsPage</name>
    <message>
        <source>Limits &amp; budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add limit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set budget…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No budgets. Set one to be told when spending passes a threshold, and to stop it at the amount if you like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate limits: every key may send as much as its providers take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing limits or meters your gateway yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n limit(s), </source>
        <translation>
            <numerusform>%n limit, </numerusform>
            <numerusform>%n limits, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n budget(s); nothing is refused right now.</source>
        <translation>
            <numerusform>%n budget; nothing is refused right now.</numerusform>
            <numerusform>%n budgets; nothing is refused right now.</numerusform>
        </translation>
    </message>
    <message>
        <source>Refusing requests now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the budget for %1 (%2)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the limit on %1 (%2)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billing report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests, tokens and cost per key and project for a month, with the budgets; saved as PDF</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>llmux::BillingReportDialog</name>
    <message>
        <source>LLMux billing report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no project)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost (US$)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens without a price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No requests in this period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billing report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the billing report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>