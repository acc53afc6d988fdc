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
    <name>llmux::ClientSnippets</name>
    <message>
        <source>Settings → Model Provider → Add. Cherry Studio adds /v1 to the API host itself; press Manage to fetch the model list from LLMux.</source>
        <translation>设置 → 模型服务 → 添加。Cherry Studio 会自行在 API 地址后加上 /v1；点击“管理”即可从 LLMux 获取模型列表。</translation>
    </message>
    <message>
        <source>Run in the shell that starts claude. No /v1 in the URL: Claude Code adds /v1/messages itself.</source>
        <translation>在启动 claude 的终端中运行。地址不带 /v1：Claude Code 会自行加上 /v1/messages。</translation>
    </message>
    <message>
        <source>Add to ~/.codex/config.toml. LLMux speaks the Chat Completions wire API; Codex releases that accept only wire_api = &quot;responses&quot; cannot use it yet.</source>
        <translation>添加到 ~/.codex/config.toml。LLMux 提供 Chat Completions 接口；只接受 wire_api = &quot;responses&quot; 的 Codex 版本暂时无法使用。</translation>
    </message>
    <message>
        <source>Add to ~/.continue/config.yaml (or merge the model into your models list).</source>
        <translation>添加到 ~/.continue/config.yaml（或把该模型合并到你已有的 models 列表中）。</translation>
    </message>
    <message>
        <source>A quick check from a terminal that the key and the model work.</source>
        <translation>在终端中快速检查密钥和模型是否可用。</translation>
    </message>
    <message>
        <source>Provider type: OpenAI
API host: %1
API key: %2
Model ID: %3
</source>
        <translation>提供商类型：OpenAI
API 地址：%1
API 密钥：%2
模型 ID：%3
</translation>
    </message>
    <message>
        <source>and in the shell that starts codex:</source>
        <translation>并在启动 codex 的终端中执行：</translation>
    </message>
</context>
<context>
    <name>llmux::ConnectPage</name>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Point a client at LLMux: create a key for it, pick a model, paste the settings.</source>
        <translation>让客户端连接 LLMux：为它创建密钥，选择模型，粘贴设置。</translation>
    </message>
    <message>
        <source>Client settings</source>
        <translation>客户端设置</translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation>复制 Base URL</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Shown in the request log and in “llmux key list”</source>
        <translation>显示在请求日志和“llmux key list”中</translation>
    </message>
    <message>
        <source>Create a key for this client</source>
        <translation>为此客户端创建密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No models yet</source>
        <translation>暂无模型</translation>
    </message>
    <message>
        <source>Public model names and routes; add them with “llmux model add” or “llmux route add”.</source>
        <translation>公开模型名和路由；可用“llmux model add”或“llmux route add”添加。</translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation>复制密钥</translation>
    </message>
    <message>
        <source>Copy this key now: LLMux keeps only its hash and cannot show it again. The settings below already contain it.</source>
        <translation>请立即复制此密钥：LLMux 只保存它的哈希值，之后无法再次显示。下方的设置中已包含该密钥。</translation>
    </message>
    <message>
        <source>Copy settings</source>
        <translation>复制设置</translation>
    </message>
    <message>
        <source>A key needs a name, e.g. the client it is for.</source>
        <translation>密钥需要一个名称，例如它所属的客户端。</translation>
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
        <source>○ Stopped: clients reach LLMux once it runs</source>
        <translation>○ 已停止：网关运行后客户端才能连接 LLMux</translation>
    </message>
    <message>
        <source>Base URL: %1</source>
        <translation>Base URL：%1</translation>
    </message>
    <message>
        <source>Key and model</source>
        <translation>密钥与模型</translation>
    </message>
</context>
<context>
    <name>llmux::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
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
    <name>llmux::HealthModel</name>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation>上次检查</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>No checks in this period</source>
        <translation>此期间没有检查记录</translation>
    </message>
    <message>
        <source>%1 of %2 checks of this provider succeeded</source>
        <translation>该服务商的 %2 次检查中有 %1 次成功</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
</context>
<context>
    <name>llmux::HealthPage</name>
    <message>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Provider keys</source>
        <translation>服务商密钥</translation>
    </message>
    <message>
        <source>No providers yet. Add one with “llmux provider add NAME --preset ID”.</source>
        <translation>还没有服务商。可用“llmux provider add NAME --preset ID”添加。</translation>
    </message>
    <message>
        <source>Route targets</source>
        <translation>路由目标</translation>
    </message>
    <message>
        <source>No routes or model aliases yet. Add one with “llmux route add NAME --target PROVIDER:MODEL”.</source>
        <translation>还没有路由或模型别名。可用“llmux route add NAME --target PROVIDER:MODEL”添加。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Checks every key of every enabled provider with its cheapest authenticated call</source>
        <translation>用开销最小的认证请求检查每个已启用服务商的每个密钥</translation>
    </message>
    <message>
        <source>Start the gateway to check providers</source>
        <translation>启动网关后即可检查服务商</translation>
    </message>
    <message>
        <source>The gateway is stopped; providers are not being checked.</source>
        <translation>网关已停止，未在检查服务商。</translation>
    </message>
    <message>
        <source>Providers have not been checked yet.</source>
        <translation>尚未检查服务商。</translation>
    </message>
    <message>
        <source>%1 of %2 providers down</source>
        <translation>%2 个服务商中有 %1 个不可用</translation>
    </message>
    <message>
        <source>All checked providers are up</source>
        <translation>已检查的服务商均正常</translation>
    </message>
</context>
<context>
    <name>llmux::MainWindow</name>
    <message>
        <source>LLMux</source>
        <translation>LLMux</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
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
<context>
    <name>llmux::TargetHealthModel</name>
    <message>
        <source>Failed / all requests in the last %1 s</source>
        <translation>最近 %1 秒内失败 / 全部请求数</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>熔断器</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败数</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Tracked separately for each requested model</source>
        <translation>按每个请求的模型分别跟踪</translation>
    </message>
    <message>
        <source>per model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>probing</source>
        <translation>探测中</translation>
    </message>
    <message>
        <source>circuit open until %1</source>
        <translation>熔断至 %1</translation>
    </message>
    <message>
        <source>Route, strategy: %1</source>
        <translation>路由，策略：%1</translation>
    </message>
    <message>
        <source>Wildcard route, strategy: %1</source>
        <translation>通配符路由，策略：%1</translation>
    </message>
    <message>
        <source>Model alias</source>
        <translation>模型别名</translation>
    </message>
</context>
<context>
    <name>llmux::TrayIcon</name>
    <message>
        <source>Open LLMux</source>
        <translation>打开 LLMux</translation>
    </message>
    <message>
        <source>Quit LLMux</source>
        <translation>退出 LLMux</translation>
    </message>
    <message>
        <source>LLMux — gateway paused</source>
        <translation>LLMux — 网关已暂停</translation>
    </message>
    <message>
        <source>LLMux — serving at %1</source>
        <translation>LLMux — 正在 %1 提供服务</translation>
    </message>
    <message>
        <source>Down: %1</source>
        <translation>不可用：%1</translation>
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
        <source>LLMux</source>
        <translation>LLMux</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is back up</source>
        <translation>服务商“%1”已恢复</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is down: %2</source>
        <translation>服务商“%1”不可用：%2</translation>
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
</TS>
