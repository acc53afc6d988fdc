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
    <name>TrayIcon</name>
    <message>
        <source>Open LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit LLMux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux — serving at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLMux — gateway paused</source>
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
        <source>LLMux keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway still serves your tools. Open LLMux from the tray icon; quit it from the tray menu.</source>
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
</TS>
