<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>LLMux</source>
        <translation>LLMux</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Open LLMux</source>
        <translation>打开 LLMux</translation>
    </message>
    <message>
        <source>Quit LLMux</source>
        <translation>退出 LLMux</translation>
    </message>
    <message>
        <source>LLMux — serving at %1</source>
        <translation>LLMux — 正在 %1 提供服务</translation>
    </message>
    <message>
        <source>LLMux — gateway paused</source>
        <translation>LLMux — 网关已暂停</translation>
    </message>
    <message>
        <source>Pause gateway</source>
        <translation>暂停网关</translation>
    </message>
    <message>
        <source>Resume gateway</source>
        <translation>恢复网关</translation>
    </message>
    <message>
        <source>LLMux keeps running</source>
        <translation>LLMux 仍在运行</translation>
    </message>
    <message>
        <source>The gateway still serves your tools. Open LLMux from the tray icon; quit it from the tray menu.</source>
        <translation>网关仍在为你的工具提供服务。可从托盘图标打开 LLMux，从托盘菜单退出。</translation>
    </message>
</context>
<context>
    <name>llmux::MainWindow</name>
    <message>
        <source>LLMux</source>
        <translation>LLMux</translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation>复制 Base URL</translation>
    </message>
    <message>
        <source>Recent requests</source>
        <translation>最近的请求</translation>
    </message>
    <message>
        <source>● Running</source>
        <translation>● 运行中</translation>
    </message>
    <message>
        <source>● Starting…</source>
        <translation>● 正在启动…</translation>
    </message>
    <message>
        <source>○ Stopped</source>
        <translation>○ 已停止</translation>
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation>Base URL：%1</translation>
    </message>
    <message>
        <source>The gateway is not listening.</source>
        <translation>网关未在监听。</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>启动网关</translation>
    </message>
</context>
<context>
    <name>llmux::RecentRequestsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Token 输入 / 输出</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1 (client left)</source>
        <translation>%1（客户端已断开）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
</context>
</TS>
