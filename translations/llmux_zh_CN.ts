<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>llmux::CoreMessages</name>
    <message>
        <source>Cannot %1: %2. %3</source>
        <translation>无法%1：%2。%3</translation>
    </message>
    <message>
        <source>Cannot %1: %2 (%3). %4</source>
        <translation>无法%1：%2（%3）。%4</translation>
    </message>
    <message>
        <source>read the provider's API key</source>
        <translation>读取服务商的 API 密钥</translation>
    </message>
    <message>
        <source>save the API key</source>
        <translation>保存 API 密钥</translation>
    </message>
    <message>
        <source>delete the API key</source>
        <translation>删除 API 密钥</translation>
    </message>
    <message>
        <source>no OS keychain is available on this machine</source>
        <translation>这台电脑上没有可用的系统钥匙串</translation>
    </message>
    <message>
        <source>access to the OS keychain was denied</source>
        <translation>系统钥匙串的访问被拒绝</translation>
    </message>
    <message>
        <source>the OS keychain refused access (it may be locked)</source>
        <translation>系统钥匙串拒绝访问（可能已锁定）</translation>
    </message>
    <message>
        <source>the OS keychain has no such entry (or is locked)</source>
        <translation>系统钥匙串中没有该条目（或已锁定）</translation>
    </message>
    <message>
        <source>the OS keychain could not delete the entry</source>
        <translation>系统钥匙串无法删除该条目</translation>
    </message>
    <message>
        <source>the OS keychain reported an error</source>
        <translation>系统钥匙串报告了错误</translation>
    </message>
    <message>
        <source>Unlock or start your keyring (gnome-keyring, KWallet, macOS Keychain, Windows Credential Manager), or store the key in an environment variable and add the provider with --api-key-env NAME.</source>
        <translation>请解锁或启动钥匙串（gnome-keyring、KWallet、macOS 钥匙串、Windows 凭据管理器），或把密钥放在环境变量中，并用 --api-key-env 变量名 添加服务商。</translation>
    </message>
    <message>
        <source>Cannot reach the OS keychain: it did not answer within 15 seconds. %1</source>
        <translation>无法连接系统钥匙串：它在 15 秒内没有响应。%1</translation>
    </message>
    <message>
        <source>Cannot %1: the OS keychain did not answer within %2 s. Unlock it (answer its password prompt if one is open) and try again.</source>
        <translation>无法%1：系统钥匙串在 %2 秒内没有响应。请解锁它（如有密码提示请先回应），然后重试。</translation>
    </message>
    <message>
        <source>Provider '%1' has no usable API key: %2</source>
        <translation>服务商“%1”没有可用的 API 密钥：%2</translation>
    </message>
    <message>
        <source>Provider '%1' has kind '%2', which this LLMux does not know.</source>
        <translation>服务商“%1”的类型“%2”不受此版本 LLMux 支持。</translation>
    </message>
    <message>
        <source>Provider '%1' must be reached through proxy %2, which cannot be used: %3</source>
        <translation>服务商“%1”需要经由代理 %2 访问，但该代理无法使用：%3</translation>
    </message>
    <message>
        <source>Provider '%1' is reachable: HTTP %2 in %3 ms%4.</source>
        <translation>服务商“%1”可以访问：HTTP %2，耗时 %3 毫秒%4。</translation>
    </message>
    <message>
        <source>, %1 models available</source>
        <translation>，可用模型 %1 个</translation>
    </message>
    <message>
        <source>Provider '%1' answered HTTP %2.%3 Response: %4</source>
        <translation>服务商“%1”返回 HTTP %2。%3响应内容：%4</translation>
    </message>
    <message>
        <source> The provider rejected the API key.</source>
        <translation>服务商拒绝了该 API 密钥。</translation>
    </message>
    <message>
        <source>Provider '%1' failed the test: %2</source>
        <translation>服务商“%1”测试失败：%2</translation>
    </message>
    <message>
        <source>Bad response from %1: %2</source>
        <translation>%1 返回了无效的响应：%2</translation>
    </message>
    <message>
        <source>Cannot connect to %1: the connection was closed</source>
        <translation>无法连接到 %1：连接已关闭</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>Connection to %1 failed: %2</source>
        <translation>与 %1 的连接失败：%2</translation>
    </message>
    <message>
        <source>Connecting to %1 took longer than %2 s</source>
        <translation>连接 %1 超过了 %2 秒</translation>
    </message>
    <message>
        <source>%1 sent no response within %2 s</source>
        <translation>%1 在 %2 秒内没有响应</translation>
    </message>
    <message>
        <source>%1 stalled: no data for %2 s</source>
        <translation>%1 停滞：%2 秒内没有数据</translation>
    </message>
    <message>
        <source>%1 did not finish within %2 s (total timeout)</source>
        <translation>%1 未能在 %2 秒内完成（总超时）</translation>
    </message>
    <message>
        <source>%1 via proxy %2</source>
        <translation>%1（经由代理 %2）</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>key '%1': %2</source>
        <translation>密钥“%1”：%2</translation>
    </message>
    <message>
        <source>via %1: %2</source>
        <translation>经由 %1：%2</translation>
    </message>
    <message>
        <source>Budget for %1 passed %2%</source>
        <translation>%1 的预算已超过 %2%</translation>
    </message>
    <message>
        <source>Budget for %1 is spent</source>
        <translation>%1 的预算已用完</translation>
    </message>
    <message>
        <source>Rate limit %1 keeps refusing requests</source>
        <translation>速率限制 %1 不断拒绝请求</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; rejected %2</source>
        <translation>服务商“%1”拒绝了%2</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is out of credit on %2</source>
        <translation>服务商“%1”的%2余额不足</translation>
    </message>
    <message>
        <source>Every target of &apos;%1&apos; failed</source>
        <translation>“%1”的所有目标都失败了</translation>
    </message>
    <message>
        <source>Gateway key &apos;%1&apos; expires soon</source>
        <translation>网关密钥“%1”即将过期</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is down</source>
        <translation>服务商“%1”不可用</translation>
    </message>
    <message>
        <source>Provider &apos;%1&apos; is back up</source>
        <translation>服务商“%1”已恢复</translation>
    </message>
    <message>
        <source>Test message</source>
        <translation>测试消息</translation>
    </message>
    <message>
        <source>its main key</source>
        <translation>主密钥</translation>
    </message>
    <message>
        <source>extra key %1</source>
        <translation>附加密钥 %1</translation>
    </message>
</context>
<context>
    <name>llmux::NumberCards</name>
    <message>
        <source>%1M</source>
        <translation>%1M</translation>
    </message>
    <message>
        <source>%1B</source>
        <translation>%1B</translation>
    </message>
</context>
<context>
    <name>llmux::CopyFeedback</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>LLMux</source>
        <translation>LLMux</translation>
    </message>
    <message>
        <source>%1 Choose another port in Settings, or close the program that uses it, then start the gateway again.</source>
        <translation>%1 请在设置中换一个端口，或关闭占用它的程序，然后重新启动网关。</translation>
    </message>
</context>
<context>
    <name>llmux::Autostart</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot change the Windows Run key.</source>
        <translation>无法修改 Windows 注册表的 Run 键。</translation>
    </message>
    <message>
        <source>Cannot remove %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
</context>
<context>
    <name>llmux::ChatStream</name>
    <message>
        <source>The gateway did not accept the Playground's key (%1). Check it on the Keys page, or start a new chat to get a new one.</source>
        <translation>网关未接受演练场的密钥（%1）。请在“密钥”页面检查该密钥，或开始新对话以获取新密钥。</translation>
    </message>
    <message>
        <source>The gateway answered with HTTP status %1 and no explanation.</source>
        <translation>网关返回了 HTTP 状态码 %1，但未给出说明。</translation>
    </message>
    <message>
        <source>The gateway answered with HTTP status %1: %2</source>
        <translation>网关返回了 HTTP 状态码 %1：%2</translation>
    </message>
    <message>
        <source>The gateway could not get a reply: %1</source>
        <translation>网关未能获得回复：%1</translation>
    </message>
    <message>
        <source>The model's provider reported an error during the reply: %1</source>
        <translation>模型的服务商在回复过程中报告了错误：%1</translation>
    </message>
    <message>
        <source>Cannot reach the gateway at %1: it is not running. Start it, then send again.</source>
        <translation>无法连接位于 %1 的网关：网关未运行。请启动网关后重新发送。</translation>
    </message>
    <message>
        <source>The connection to the gateway failed: %1</source>
        <translation>与网关的连接失败：%1</translation>
    </message>
    <message>
        <source>The gateway ended the reply without sending anything.</source>
        <translation>网关未发送任何内容就结束了回复。</translation>
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
        <source>Add to ~/.codex/config.toml. LLMux serves Codex's Responses wire API on every provider, translating where the provider speaks another format.</source>
        <translation>添加到 ~/.codex/config.toml。LLMux 在所有服务商上提供 Codex 使用的 Responses 接口，服务商使用其他格式时自动转换。</translation>
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
    <name>llmux::AgentSetupCard</name>
    <message>
        <source>Set up</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Shows what changes in %1's settings, then makes a key for it and writes them.</source>
        <translation>先显示 %1 的设置将如何改变，再为它创建密钥并写入。</translation>
    </message>
    <message>
        <source>Puts %1's settings back exactly as they were before LLMux changed them, and revokes its key.</source>
        <translation>将 %1 的设置完全恢复到 LLMux 修改之前的样子，并吊销为它创建的密钥。</translation>
    </message>
    <message>
        <source>Uses LLMux</source>
        <translation>使用 LLMux</translation>
    </message>
    <message>
        <source>Points elsewhere (%1)</source>
        <translation>指向其他地址（%1）</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>edit %1</source>
        <translation>修改 %1</translation>
    </message>
    <message>
        <source>create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>Set up %1</source>
        <translation>设置 %1</translation>
    </message>
    <message>
        <source>%1 will use LLMux at %2 with the model %3. LLMux makes a key for it and changes only its own settings in:

%4
Everything else in these files stays as it is, and Undo puts them back exactly as they are now.</source>
        <translation>%1 将通过 %2 使用 LLMux，模型为 %3。LLMux 会为它创建一个密钥，并且只修改以下文件中属于自己的设置：

%4
这些文件中的其他内容保持不变，“撤销”可将它们完全恢复为现在的样子。</translation>
    </message>
    <message>
        <source>%1 now uses LLMux. Start it as usual; Undo puts its settings back.</source>
        <translation>%1 现在使用 LLMux。照常启动即可；“撤销”可恢复其设置。</translation>
    </message>
    <message>
        <source>%1 was not set up: %2</source>
        <translation>%1 未能设置：%2</translation>
    </message>
    <message>
        <source>Undo the setup of %1</source>
        <translation>撤销 %1 的设置</translation>
    </message>
    <message>
        <source>Put %1's settings back exactly as they were before LLMux changed them, and revoke the key made for it?</source>
        <translation>将 %1 的设置完全恢复到 LLMux 修改之前的样子，并吊销为它创建的密钥？</translation>
    </message>
    <message>
        <source>%1's settings are as they were before.</source>
        <translation>%1 的设置已恢复原样。</translation>
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
    <message>
        <source>Public model names and routes; add them on the Models page.</source>
        <translation>公开模型名称和路由；可在模型页面添加。</translation>
    </message>
    <message>
        <source>Coding agents, in one click</source>
        <translation>编程助手，一键设置</translation>
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
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>今日请求数</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Median latency</source>
        <translation>延迟中位数</translation>
    </message>
    <message>
        <source>Tokens today</source>
        <translation>今日 Token 数</translation>
    </message>
    <message>
        <source>Cost today</source>
        <translation>今日费用</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Top models today</source>
        <translation>今日热门模型</translation>
    </message>
    <message>
        <source>No requests today yet.</source>
        <translation>今天还没有请求。</translation>
    </message>
    <message>
        <source>Cannot read today's usage: %1 It is tried again with the next request.</source>
        <translation>无法读取今天的用量：%1 将在下一个请求时重试。</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>输入 %1，输出 %2</translation>
    </message>
    <message>
        <source>Nearest budget: %1, %2 of %3 (%4%)</source>
        <translation>最接近的预算：%1，已用 %2 / %3（%4%）</translation>
    </message>
</context>
<context>
    <name>llmux::GettingStartedCard</name>
    <message>
        <source>Get started</source>
        <translation>快速开始</translation>
    </message>
    <message>
        <source>1. Add a provider</source>
        <translation>1. 添加服务商</translation>
    </message>
    <message>
        <source>Pick a preset such as DeepSeek, paste its API key and test the connection.</source>
        <translation>选择一个预设（例如 DeepSeek），粘贴它的 API 密钥并测试连接。</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>添加服务商</translation>
    </message>
    <message>
        <source>2. Connect a client</source>
        <translation>2. 连接客户端</translation>
    </message>
    <message>
        <source>Create a key for Cherry Studio, Claude Code, Codex or any OpenAI client and paste the settings LLMux shows.</source>
        <translation>为 Cherry Studio、Claude Code、Codex 或任意 OpenAI 客户端创建密钥，并粘贴 LLMux 给出的设置。</translation>
    </message>
    <message>
        <source>Connect a client</source>
        <translation>连接客户端</translation>
    </message>
    <message>
        <source>3. Send a first request</source>
        <translation>3. 发送第一个请求</translation>
    </message>
    <message>
        <source>Chat from your client or in the Playground; every request then shows up in Logs and Usage.</source>
        <translation>在客户端或演练场中对话；之后每个请求都会出现在日志和用量中。</translation>
    </message>
    <message>
        <source>Open Playground</source>
        <translation>打开演练场</translation>
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
        <source>Route targets</source>
        <translation>路由目标</translation>
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
    <message>
        <source>No providers yet. Add one on the Providers page.</source>
        <translation>尚无服务商。请在服务商页面添加。</translation>
    </message>
    <message>
        <source>No routes or model aliases yet. Add one on the Models page.</source>
        <translation>尚无路由或模型别名。请在模型页面添加。</translation>
    </message>
</context>
<context>
    <name>llmux::KeyCreateDialog</name>
    <message>
        <source>No project</source>
        <translation>无项目</translation>
    </message>
    <message>
        <source>Keys in a project share its rate limits and budgets (llmux project add NAME)</source>
        <translation>同一项目的密钥共享项目的速率限制和预算（llmux project add NAME）</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Every model; or names and patterns, e.g. deepseek-* qwen-max</source>
        <translation>所有模型；或名称和模式，例如 deepseek-* qwen-max</translation>
    </message>
    <message>
        <source>Public model names or patterns with * and ?, separated by spaces or commas. Requests for other models are refused, and model lists show only these.</source>
        <translation>公开模型名称或含 * 和 ? 的模式，用空格或逗号分隔。请求其他模型会被拒绝，模型列表也只显示这些。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Inference: every endpoint</source>
        <translation>推理：所有端点</translation>
    </message>
    <message>
        <source>Read: models and usage only</source>
        <translation>只读：仅模型和用量</translation>
    </message>
    <message>
        <source>Admin: also the management API</source>
        <translation>管理：还可使用管理 API</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Create a gateway key</source>
        <translation>创建网关密钥</translation>
    </message>
    <message>
        <source>e.g. the client or person it is for</source>
        <translation>例如此密钥所属的客户端或人员</translation>
    </message>
    <message>
        <source>Shown in the request log and on the usage page</source>
        <translation>显示在请求日志和用量页面中</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>In 30 days</source>
        <translation>30 天后</translation>
    </message>
    <message>
        <source>In 90 days</source>
        <translation>90 天后</translation>
    </message>
    <message>
        <source>On a date</source>
        <translation>指定日期</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this key now and keep it safe: LLMux stores only its hash and cannot show it again. If it is lost, revoke it and create another.</source>
        <translation>请立即复制此密钥并妥善保管：LLMux 仅存储其哈希值，无法再次显示。如果密钥丢失，请将其吊销并创建新密钥。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>A key needs a name, e.g. the client or person it is for.</source>
        <translation>密钥需要一个名称，例如此密钥所属的客户端或人员。</translation>
    </message>
    <message>
        <source>Cannot read the existing keys: %1</source>
        <translation>无法读取现有密钥：%1</translation>
    </message>
    <message>
        <source>A key named “%1” already exists. Pick another name, or revoke that key first.</source>
        <translation>已存在名为“%1”的密钥。请换一个名称，或先吊销该密钥。</translation>
    </message>
    <message>
        <source>Pick an expiry date after today.</source>
        <translation>请选择今天之后的过期日期。</translation>
    </message>
    <message>
        <source>Cannot create the key: %1</source>
        <translation>无法创建密钥：%1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>llmux::KeysModel</name>
    <message>
        <source>read only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>May use</source>
        <translation>可用范围</translation>
    </message>
    <message>
        <source>Its project, the models and endpoints it may use, and its scope (llmux key set %1 ...)</source>
        <translation>所属项目、可用的模型和端点，以及范围（llmux key set %1 ...）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>已于 %1 吊销</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Rate limits and budgets on this key and its project (edited on the Limits &amp; budgets page)</source>
        <translation>此密钥及其项目上的速率限制和预算（在“限流与预算”页面编辑）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
</context>
<context>
    <name>llmux::KeysPage</name>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Gateway keys let clients use LLMux. Give each client its own key, so you can see its usage and turn it off on its own.</source>
        <translation>网关密钥允许客户端使用 LLMux。请为每个客户端分配单独的密钥，以便查看其用量并可单独停用。</translation>
    </message>
    <message>
        <source>Create key…</source>
        <translation>创建密钥…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>Show revoked keys</source>
        <translation>显示已吊销的密钥</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reads the keys and their usage again</source>
        <translation>重新读取密钥及其用量</translation>
    </message>
    <message>
        <source>No keys yet. Create one for each client that should use LLMux; it is shown once, so copy it into the client right away.</source>
        <translation>尚无密钥。请为每个需要使用 LLMux 的客户端创建一个密钥；密钥仅显示一次，请立即将其复制到客户端中。</translation>
    </message>
    <message>
        <source>Requests, tokens and cost count every request in the log made with the key.</source>
        <translation>请求数、Token 数和费用统计的是日志中使用该密钥发出的所有请求。</translation>
    </message>
    <message>
        <source>Cannot read the gateway keys: %1</source>
        <translation>无法读取网关密钥：%1</translation>
    </message>
    <message>
        <source>Cannot read the keys' usage: %1</source>
        <translation>无法读取密钥用量：%1</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Lets clients use this key again</source>
        <translation>允许客户端再次使用此密钥</translation>
    </message>
    <message>
        <source>Turns the key off for now; enable it again any time</source>
        <translation>暂时停用此密钥，可随时重新启用</translation>
    </message>
    <message>
        <source>Ends the key for good; its usage stays in the log</source>
        <translation>永久吊销此密钥；其用量仍保留在日志中</translation>
    </message>
    <message>
        <source>Cannot disable the key “%1”: %2</source>
        <translation>无法停用密钥“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot enable the key “%1”: %2</source>
        <translation>无法启用密钥“%1”：%2</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>吊销密钥</translation>
    </message>
    <message>
        <source>Revoke the key “%1”? Clients using it stop working at once, and it cannot be turned back on. Its usage stays in the log.</source>
        <translation>要吊销密钥“%1”吗？使用该密钥的客户端将立即无法工作，且该密钥无法重新启用。其用量仍会保留在日志中。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Cannot revoke the key “%1”: %2</source>
        <translation>无法吊销密钥“%1”：%2</translation>
    </message>
</context>
<context>
    <name>llmux::Language</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>llmux::LogsPage</name>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Live tail</source>
        <translation>实时跟踪</translation>
    </message>
    <message>
        <source>Show new requests at the top as the gateway handles them</source>
        <translation>网关处理新请求时，将其显示在顶部</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Could not read the request log: %1. Check that the data folder is readable and not full, then press Refresh.</source>
        <translation>无法读取请求日志：%1。请检查数据文件夹是否可读且未满，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <source>From (inclusive)</source>
        <translation>开始（含）</translation>
    </message>
    <message>
        <source>To (exclusive)</source>
        <translation>结束（不含）</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Success (2xx)</source>
        <translation>成功（2xx）</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>客户端错误（4xx）</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>服务器错误（5xx）</translation>
    </message>
    <message>
        <source>Client disconnected</source>
        <translation>客户端已断开</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>所有服务商</translation>
    </message>
    <message>
        <source>All keys</source>
        <translation>所有密钥</translation>
    </message>
    <message>
        <source>Search models, providers, keys and errors</source>
        <translation>搜索模型、服务商、密钥和错误</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>请求详情</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy every field of this request</source>
        <translation>复制此请求的所有字段</translation>
    </message>
    <message>
        <source>Reading the request log…</source>
        <translation>正在读取请求日志…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln request(s)</source>
        <translation>
            <numerusform>%Ln 个请求</numerusform>
        </translation>
    </message>
    <message>
        <source>No requests yet. Requests that clients send through the gateway appear here.</source>
        <translation>尚无请求。客户端通过网关发送的请求将显示在这里。</translation>
    </message>
    <message>
        <source>No requests match these filters.</source>
        <translation>没有符合这些筛选条件的请求。</translation>
    </message>
    <message>
        <source>Select a request to see all of its details.</source>
        <translation>选择一个请求以查看其全部详情。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new request(s) — show them</source>
        <translation>
            <numerusform>%Ln 个新请求 — 点击显示</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Request: #%1</source>
        <translation>请求：#%1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>时间：%1</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>端点：%1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Client disconnected: %1</source>
        <translation>客户端已断开：%1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Model requested: %1</source>
        <translation>请求的模型：%1</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>服务商：%1</translation>
    </message>
    <message>
        <source>Upstream model: %1</source>
        <translation>上游模型：%1</translation>
    </message>
    <message>
        <source>Key: %1 (#%2)</source>
        <translation>密钥：%1（#%2）</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>密钥：%1</translation>
    </message>
    <message>
        <source>Stream: %1</source>
        <translation>流式：%1</translation>
    </message>
    <message>
        <source>Session: %1</source>
        <translation>会话：%1</translation>
    </message>
    <message>
        <source>Latency: %1</source>
        <translation>延迟：%1</translation>
    </message>
    <message>
        <source>First byte: %1</source>
        <translation>首字节：%1</translation>
    </message>
    <message>
        <source>Tokens in: %1</source>
        <translation>输入 Token：%1</translation>
    </message>
    <message>
        <source>Tokens out: %1</source>
        <translation>输出 Token：%1</translation>
    </message>
    <message>
        <source>Cost: %1</source>
        <translation>费用：%1</translation>
    </message>
    <message>
        <source>Attempts: %1</source>
        <translation>尝试次数：%1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Attempt errors: %1</source>
        <translation>尝试错误：%1</translation>
    </message>
    <message>
        <source>Attempt errors:</source>
        <translation>尝试错误：</translation>
    </message>
</context>
<context>
    <name>llmux::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit LLMux</source>
        <translation>退出 LLMux(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About LLMux</source>
        <translation>关于 LLMux(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About LLMux</source>
        <translation>关于 LLMux</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LLMux %1&lt;/h3&gt;&lt;p&gt;A local gateway for LLM providers: one address and key for your tools, any provider behind it.&lt;/p&gt;&lt;p&gt;Built with Qt %2. Released under the MIT licence.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;https://github.com/llmux/llmux&quot;&gt;Website and source&lt;/a&gt; · &lt;a href=&quot;https://github.com/llmux/llmux/issues&quot;&gt;Report a problem&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LLMux %1&lt;/h3&gt;&lt;p&gt;本地大模型网关：为你的工具提供同一个地址和密钥，背后可以是任何服务商。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建，以 MIT 许可证发布。&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;https://github.com/llmux/llmux&quot;&gt;网站与源代码&lt;/a&gt; · &lt;a href=&quot;https://github.com/llmux/llmux/issues&quot;&gt;报告问题&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
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
    <name>llmux::ModelDialog</name>
    <message>
        <source>Could not read what the model can take: %1</source>
        <translation>无法读取模型能力：%1</translation>
    </message>
    <message>
        <source>The model was saved, but not what it can take: %1</source>
        <translation>模型已保存，但模型能力未保存：%1</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Clients ask for the public name; LLMux sends the request to the provider with the provider's own model name.</source>
        <translation>客户端请求的是公开名称；LLMux 会使用服务商自己的模型名称将请求发送给服务商。</translation>
    </message>
    <message>
        <source>e.g. fast, gpt-4o, claude-sonnet</source>
        <translation>例如 fast、gpt-4o、claude-sonnet</translation>
    </message>
    <message>
        <source>Public name</source>
        <translation>公开名称</translation>
    </message>
    <message>
        <source>No providers yet</source>
        <translation>尚无服务商</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>The provider's model name, e.g. gpt-4o-mini</source>
        <translation>服务商的模型名称，例如 gpt-4o-mini</translation>
    </message>
    <message>
        <source>Type the model name the provider expects; the list offers names already used with this provider.</source>
        <translation>输入服务商所需的模型名称；列表中提供该服务商已使用过的名称。</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Prices in US$ per 1M tokens</source>
        <translation>价格（美元 / 1M Token）</translation>
    </message>
    <message>
        <source>Tick to have the usage page count the cost of this model's requests; leave off when you do not know the prices. The price belongs to the provider's model: every name for it uses the same one.</source>
        <translation>勾选后，用量页面会计算此模型请求的费用；不清楚价格时请保持不勾选。价格属于服务商的模型：指向同一模型的所有名称共用同一价格。</translation>
    </message>
    <message>
        <source>Input (prompt)</source>
        <translation>输入（提示）</translation>
    </message>
    <message>
        <source>Output (completion)</source>
        <translation>输出（补全）</translation>
    </message>
    <message>
        <source>Enabled: clients can use this name</source>
        <translation>已启用：客户端可以使用此名称</translation>
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation>无法读取服务商：%1</translation>
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>Add a provider first (Providers page): a model points at one.</source>
        <translation>请先添加服务商（服务商页面）：模型需要指向一个服务商。</translation>
    </message>
    <message>
        <source>Edit model “%1”</source>
        <translation>编辑模型“%1”</translation>
    </message>
    <message>
        <source>Give the model a public name: the name clients will ask for.</source>
        <translation>请为模型指定公开名称：即客户端请求时使用的名称。</translation>
    </message>
    <message>
        <source>Pick the provider that serves this model. No provider yet? Add one on the Providers page first.</source>
        <translation>请选择提供此模型的服务商。还没有服务商？请先在服务商页面添加。</translation>
    </message>
    <message>
        <source>Give the upstream model: the provider's own name for it, e.g. gpt-4o-mini.</source>
        <translation>请填写上游模型：即服务商对该模型的名称，例如 gpt-4o-mini。</translation>
    </message>
    <message>
        <source>Prices cannot be negative: give US$ per million tokens, or turn prices off.</source>
        <translation>价格不能为负数：请填写每百万 Token 的美元价格，或关闭价格。</translation>
    </message>
    <message>
        <source>There is already a model named “%1” (→ %2/%3). Pick another name, or edit that model instead.</source>
        <translation>已存在名为“%1”的模型（→ %2/%3）。请换一个名称，或改为编辑该模型。</translation>
    </message>
    <message>
        <source>“%1” is already a route, which this model would hide. Pick another name, or remove the route first.</source>
        <translation>“%1”已是一个路由，此模型会将其遮蔽。请换一个名称，或先删除该路由。</translation>
    </message>
    <message>
        <source>This model cannot be saved as it is.</source>
        <translation>此模型无法按当前设置保存。</translation>
    </message>
    <message>
        <source>Could not check the model: %1</source>
        <translation>无法检查模型：%1</translation>
    </message>
    <message>
        <source>Could not save the model: %1</source>
        <translation>无法保存模型：%1</translation>
    </message>
</context>
<context>
    <name>llmux::ModelTableModel</name>
    <message>
        <source>What the model can take: LLMux's presets for well-known models, with your edits (Edit model). Routes skip a model that cannot take a request.</source>
        <translation>模型能力：LLMux 对知名模型的预设，加上你的修改（编辑模型）。路由会跳过无法处理请求的模型。</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>no tools</source>
        <translation>无工具</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>no images</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>no reasoning</source>
        <translation>无推理</translation>
    </message>
    <message>
        <source>%1 context</source>
        <translation>%1 上下文</translation>
    </message>
    <message>
        <source>%1 output</source>
        <translation>%1 输出</translation>
    </message>
    <message>
        <source>Responses API only</source>
        <translation>仅 Responses API</translation>
    </message>
    <message>
        <source>Can take</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Clients can use this name; untick to turn it off</source>
        <translation>客户端可以使用此名称；取消勾选即可停用</translation>
    </message>
    <message>
        <source>Turned off: clients asking for this name get an error</source>
        <translation>已停用：客户端请求此名称时会收到错误</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Public name</source>
        <translation>公开名称</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Input / 1M</source>
        <translation>输入 / 1M</translation>
    </message>
    <message>
        <source>Output / 1M</source>
        <translation>输出 / 1M</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Could not turn “%1” on: %2</source>
        <translation>无法启用“%1”：%2</translation>
    </message>
    <message>
        <source>Could not turn “%1” off: %2</source>
        <translation>无法停用“%1”：%2</translation>
    </message>
</context>
<context>
    <name>llmux::ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>One public name → one provider model. Prices let the usage page count costs.</source>
        <translation>一个公开名称 → 一个服务商模型。设置价格后，用量页面即可计算费用。</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>One name or pattern → several provider models, with failover or load balancing. A model of the same name wins over a route.</source>
        <translation>一个名称或模式 → 多个服务商模型，支持故障转移或负载均衡。同名的模型优先于路由。</translation>
    </message>
    <message>
        <source>Add route</source>
        <translation>添加路由</translation>
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation>无法读取服务商：%1</translation>
    </message>
    <message>
        <source>Could not read the models: %1</source>
        <translation>无法读取模型：%1</translation>
    </message>
    <message>
        <source>Could not read the routes: %1</source>
        <translation>无法读取路由：%1</translation>
    </message>
    <message>
        <source>Models (%1)</source>
        <translation>模型（%1）</translation>
    </message>
    <message>
        <source>Routes (%1)</source>
        <translation>路由（%1）</translation>
    </message>
    <message>
        <source>The model names clients ask for, and where LLMux sends each request.</source>
        <translation>客户端请求的模型名称，以及 LLMux 将每个请求发送到何处。</translation>
    </message>
    <message>
        <source>No providers yet.
Add a provider first on the Providers page, then come back to give its models public names.</source>
        <translation>尚无服务商。
请先在服务商页面添加服务商，然后回到这里为其模型设置公开名称。</translation>
    </message>
    <message>
        <source>No models yet.
Click “Add model” to give a provider's model a public name that clients can ask for, e.g. “fast” → openai/gpt-4o-mini.</source>
        <translation>尚无模型。
点击“添加模型”，为服务商的模型设置一个客户端可请求的公开名称，例如“fast”→ openai/gpt-4o-mini。</translation>
    </message>
    <message>
        <source>No routes yet.
A route serves one name, or every name a pattern such as “gpt-4o*” matches, from several providers. Click “Add route” to create one.</source>
        <translation>尚无路由。
路由可由多个服务商来响应一个名称，或响应与某个模式（如“gpt-4o*”）匹配的所有名称。点击“添加路由”即可创建。</translation>
    </message>
    <message>
        <source>Add a provider first</source>
        <translation>请先添加服务商</translation>
    </message>
    <message>
        <source>Remove the model “%1” (→ %2/%3)? Clients asking for it will get an error.</source>
        <translation>删除模型“%1”（→ %2/%3）？请求该模型的客户端将收到错误。</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Could not remove the model: %1</source>
        <translation>无法删除模型：%1</translation>
    </message>
    <message>
        <source>Remove the route “%1” (%2)? Clients asking for it will get an error.</source>
        <translation>删除路由“%1”（%2）？请求该路由的客户端将收到错误。</translation>
    </message>
    <message>
        <source>Remove route</source>
        <translation>删除路由</translation>
    </message>
    <message>
        <source>Could not remove the route: %1</source>
        <translation>无法删除路由：%1</translation>
    </message>
</context>
<context>
    <name>llmux::PlaygroundKey</name>
    <message>
        <source>The Playground's key is disabled. Enable the key named “%1” on the Keys page to chat here.</source>
        <translation>演练场的密钥已停用。请在“密钥”页面启用名为“%1”的密钥，即可在此对话。</translation>
    </message>
    <message>
        <source>Cannot read the gateway keys: %1</source>
        <translation>无法读取网关密钥：%1</translation>
    </message>
    <message>
        <source>Cannot replace the Playground's old key: %1</source>
        <translation>无法替换演练场的旧密钥：%1</translation>
    </message>
    <message>
        <source>Cannot create a key for the Playground: %1</source>
        <translation>无法为演练场创建密钥：%1</translation>
    </message>
</context>
<context>
    <name>llmux::PlaygroundPage</name>
    <message numerus="yes">
        <source>The reply was cut off after %n character(s).</source>
        <translation>
            <numerusform>回复在 %n 个字符后中断。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>演练场</translation>
    </message>
    <message>
        <source>Chat with any model through the gateway, exactly as a client would: the reply streams in, then its timing, tokens and cost.</source>
        <translation>像客户端一样通过网关与任意模型对话：回复以流式输出，随后显示耗时、Token 数和费用。</translation>
    </message>
    <message>
        <source>No messages yet. Pick a model, write a message below and press Enter.</source>
        <translation>尚无消息。请选择一个模型，在下方输入消息并按 Enter 键。</translation>
    </message>
    <message>
        <source>model or provider/model</source>
        <translation>模型或 provider/model</translation>
    </message>
    <message>
        <source>A model or route the gateway serves, or “provider/model” to ask a provider directly.</source>
        <translation>网关提供的模型或路由，或输入“provider/model”直接请求服务商。</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 Token 数</translation>
    </message>
    <message>
        <source>Optional, e.g. “You are a concise assistant.”</source>
        <translation>可选，例如“你是一个简洁的助手。”</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter starts a new line)</source>
        <translation>消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>复制为 curl</translation>
    </message>
    <message>
        <source>Copies this request as a curl command. The key is left as $LLMUX_API_KEY: the Playground's own key is never copied.</source>
        <translation>将此请求复制为 curl 命令。密钥保留为 $LLMUX_API_KEY：不会复制演练场自身的密钥。</translation>
    </message>
    <message>
        <source>Start the gateway to chat.</source>
        <translation>启动网关后即可对话。</translation>
    </message>
    <message>
        <source>The gateway is stopped. Start it to chat: the Playground talks to it like any other client.</source>
        <translation>网关已停止。请启动网关以进行对话：演练场与其他客户端一样通过网关通信。</translation>
    </message>
    <message>
        <source>Hello!</source>
        <translation>你好！</translation>
    </message>
    <message>
        <source>Pick a model first, or type one as provider/model.</source>
        <translation>请先选择模型，或按 provider/model 格式输入。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>正在等待首个 Token…</translation>
    </message>
    <message>
        <source>The gateway stopped before the message was sent. Start it, then send again.</source>
        <translation>消息发送前网关已停止。请启动网关后重新发送。</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>已在发送前停止。</translation>
    </message>
    <message>
        <source>First token after %1, receiving…</source>
        <translation>首 Token 时间：%1，正在接收…</translation>
    </message>
    <message>
        <source>Stopped before the first token.</source>
        <translation>已在收到首个 Token 前停止。</translation>
    </message>
    <message>
        <source>Stopped. %1</source>
        <translation>已停止。%1</translation>
    </message>
    <message>
        <source>No reply.</source>
        <translation>无回复。</translation>
    </message>
    <message>
        <source>First token after %1</source>
        <translation>首 Token 时间：%1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>总耗时 %1</translation>
    </message>
    <message>
        <source>%1 prompt + %2 completion tokens</source>
        <translation>%1 个提示 Token + %2 个补全 Token</translation>
    </message>
    <message>
        <source>cost $%1</source>
        <translation>费用 $%1</translation>
    </message>
    <message>
        <source>no price set for this model</source>
        <translation>此模型未设置价格</translation>
    </message>
    <message>
        <source>the provider reported no token counts</source>
        <translation>服务商未报告 Token 数</translation>
    </message>
    <message>
        <source>Copied. The command reads the key from $LLMUX_API_KEY: set it to a gateway key (create one on the Keys page) before you run it.</source>
        <translation>已复制。该命令从 $LLMUX_API_KEY 读取密钥：运行前请将其设为一个网关密钥（可在“密钥”页面创建）。</translation>
    </message>
</context>
<context>
    <name>llmux::ExtraKeysSection</name>
    <message>
        <source>Extra keys form a pool: requests are spread over them, and keys the provider rejects or rate-limits are skipped.</source>
        <translation>额外密钥组成密钥池：请求会分散到各个密钥上，被服务商拒绝或限流的密钥将被跳过。</translation>
    </message>
    <message>
        <source>Another API key of this provider</source>
        <translation>此服务商的另一个 API 密钥</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>添加密钥</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>new key (…%1), saved with the provider</source>
        <translation>新密钥（…%1），随服务商一起保存</translation>
    </message>
    <message>
        <source>OS keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>llmux::ConnectionSection</name>
    <message>
        <source>Use this provider</source>
        <translation>使用此服务商</translation>
    </message>
    <message>
        <source>openai covers every OpenAI-compatible API (DeepSeek, Qwen, Moonshot, OpenRouter, Ollama, LM Studio…).</source>
        <translation>openai 类型涵盖所有 OpenAI 兼容的 API（DeepSeek、Qwen、Moonshot、OpenRouter、Ollama、LM Studio…）。</translation>
    </message>
    <message>
        <source>e.g. deepseek</source>
        <translation>例如 deepseek</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored key</source>
        <translation>留空以保留已存储的密钥</translation>
    </message>
    <message>
        <source>Paste the API key</source>
        <translation>粘贴 API 密钥</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation>显示或隐藏密钥</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>https://YOUR-RESOURCE.openai.azure.com</source>
        <translation>https://YOUR-RESOURCE.openai.azure.com</translation>
    </message>
    <message>
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <source>No API key needed: this runs on your machine.</source>
        <translation>无需 API 密钥：此服务在你的计算机上运行。</translation>
    </message>
    <message>
        <source>No API key needed: this runs on your machine (%1).</source>
        <translation>无需 API 密钥：此服务在你的计算机上运行（%1）。</translation>
    </message>
    <message>
        <source>Needs an API key from the provider.</source>
        <translation>需要服务商提供的 API 密钥。</translation>
    </message>
    <message>
        <source>Needs an API key; get one at %1</source>
        <translation>需要 API 密钥；可在 %1 获取</translation>
    </message>
    <message>
        <source>The key is read from the environment variable %1. A key typed here is stored in the OS keychain instead.</source>
        <translation>密钥从环境变量 %1 读取。在此处输入的密钥将改为存储在系统钥匙串中。</translation>
    </message>
    <message>
        <source>The key is stored in the OS keychain.</source>
        <translation>密钥存储在系统钥匙串中。</translation>
    </message>
    <message>
        <source>No key is stored for this provider.</source>
        <translation>此服务商未存储密钥。</translation>
    </message>
    <message>
        <source>Any OpenAI-compatible API uses the kind openai; give its base URL, usually ending in /v1.</source>
        <translation>任何 OpenAI 兼容的 API 均使用 openai 类型；请填写其 Base URL，通常以 /v1 结尾。</translation>
    </message>
</context>
<context>
    <name>llmux::AdvancedSection</name>
    <message>
        <source>Advanced: timeouts, proxy, extra keys</source>
        <translation>高级：超时、代理、额外密钥</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>First byte timeout</source>
        <translation>首字节超时</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>Total timeout</source>
        <translation>总超时</translation>
    </message>
    <message>
        <source>How long connecting to the provider may take.</source>
        <translation>连接服务商允许花费的最长时间。</translation>
    </message>
    <message>
        <source>How long the provider may think before the first byte of its answer.</source>
        <translation>服务商在返回应答的首字节前允许思考的最长时间。</translation>
    </message>
    <message>
        <source>How long a stream may stay silent between chunks.</source>
        <translation>流式传输中两个数据块之间允许静默的最长时间。</translation>
    </message>
    <message>
        <source>How long the whole exchange may take, streams included.</source>
        <translation>整个交互（含流式传输）允许花费的最长时间。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>none, system, or http://host:port / socks5://user:pass@host:port</source>
        <translation>none、system，或 http://host:port / socks5://user:pass@host:port</translation>
    </message>
    <message>
        <source>Proxies tried in order, separated by spaces. A password in a URL is stored in the OS keychain, never in the configuration.</source>
        <translation>按顺序尝试的代理，以空格分隔。URL 中的密码存储在系统钥匙串中，绝不会写入配置。</translation>
    </message>
    <message>
        <source>localhost,.internal,10.0.0.0/8</source>
        <translation>localhost,.internal,10.0.0.0/8</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>No proxy for</source>
        <translation>不使用代理的地址</translation>
    </message>
    <message>
        <source>Automatic (use the provider's own if it has one)</source>
        <translation>自动（服务商有自己的接口时就用它）</translation>
    </message>
    <message>
        <source>The provider's own /responses</source>
        <translation>服务商自己的 /responses</translation>
    </message>
    <message>
        <source>Translate to Chat Completions</source>
        <translation>转换为 Chat Completions</translation>
    </message>
    <message>
        <source>How Codex and other Responses API clients reach this provider. Automatic tries the provider's own Responses API once and remembers whether it has one. Applies to OpenAI-compatible and Azure providers; the others are always translated.</source>
        <translation>Codex 等 Responses API 客户端如何访问此服务商。“自动”会先试一次服务商自己的 Responses API，并记住它是否可用。仅适用于 OpenAI 兼容和 Azure 服务商；其他服务商总是转换格式。</translation>
    </message>
    <message>
        <source>Responses API</source>
        <translation>Responses API</translation>
    </message>
    <message>
        <source>Extra keys</source>
        <translation>额外密钥</translation>
    </message>
</context>
<context>
    <name>llmux::ModelOfferSection</name>
    <message>
        <source>Tick the models your tools should use; each becomes a model name on the Models page.</source>
        <translation>勾选你的工具要使用的模型；每个勾选的模型都会成为模型页上的一个模型名称。</translation>
    </message>
    <message>
        <source>%1 (already a model)</source>
        <translation>%1（已是模型）</translation>
    </message>
    <message>
        <source>The provider lists no models; add them on the Models page by name.</source>
        <translation>该服务商未列出任何模型；请在模型页面按名称添加。</translation>
    </message>
    <message numerus="yes">
        <source>The provider offers %n model(s).</source>
        <translation><numerusform>该服务商提供 %n 个模型。</numerusform></translation>
    </message>
    <message>
        <source>Could not fetch the model list (see above).</source>
        <translation>无法获取模型列表（见上文）。</translation>
    </message>
</context>
<context>
    <name>llmux::ProviderDraftCheck</name>
    <message>
        <source>Give the base URL of your Azure OpenAI resource, e.g. https://YOUR-RESOURCE.openai.azure.com.</source>
        <translation>请填写 Azure OpenAI 资源的 Base URL，例如 https://YOUR-RESOURCE.openai.azure.com。</translation>
    </message>
    <message>
        <source>Give the provider's base URL, e.g. https://api.deepseek.com/v1.</source>
        <translation>请填写服务商的 Base URL，例如 https://api.deepseek.com/v1。</translation>
    </message>
    <message>
        <source>“%1” is not a web address: it must start with http:// or https:// and name a host, e.g. https://api.deepseek.com/v1.</source>
        <translation>“%1”不是有效的网址：必须以 http:// 或 https:// 开头并包含主机名，例如 https://api.deepseek.com/v1。</translation>
    </message>
    <message>
        <source>new provider</source>
        <translation>新服务商</translation>
    </message>
    <message>
        <source>%1 needs an API key. Paste it above; it is stored in the OS keychain.</source>
        <translation>%1 需要 API 密钥。请粘贴到上方；密钥将存储在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Give the provider a name, e.g. deepseek.</source>
        <translation>请为服务商命名，例如 deepseek。</translation>
    </message>
    <message>
        <source>A provider name may use letters, digits, '-', '_' and '.' (no spaces, '/' or ':'), e.g. deepseek or openai-work.</source>
        <translation>服务商名称只能使用字母、数字、“-”、“_”和“.”（不能有空格、“/”或“:”），例如 deepseek 或 openai-work。</translation>
    </message>
    <message>
        <source>There is already a provider named “%1”. Pick another name.</source>
        <translation>已存在名为“%1”的服务商。请换一个名称。</translation>
    </message>
</context>
<context>
    <name>llmux::ProviderDialog</name>
    <message>
        <source>Edit provider %1</source>
        <translation>编辑服务商 %1</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>添加服务商</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起始模板</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Fetch models</source>
        <translation>获取模型列表</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>Fetching the model list…</source>
        <translation>正在获取模型列表…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Connected in %1 ms — %n model(s)</source>
        <translation>
            <numerusform>连接成功，耗时 %1 毫秒 — %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected in %1 ms</source>
        <translation>连接成功，耗时 %1 毫秒</translation>
    </message>
    <message>
        <source>The provider was not saved: %1</source>
        <translation>服务商未保存：%1</translation>
    </message>
    <message>
        <source>Saving… (if the OS keychain asks to be unlocked, answer it)</source>
        <translation>正在保存…（如果系统钥匙串请求解锁，请予以确认）</translation>
    </message>
    <message>
        <source>List the provider's models, to add the ones you check as models.</source>
        <translation>列出该服务商的模型，可将勾选的项添加为模型。</translation>
    </message>
    <message>
        <source>Azure OpenAI lists its base models, not your deployments, and requests go to deployments: add each deployment name as a model on the Models page.</source>
        <translation>Azure OpenAI 列出的是其基础模型而非你的部署，而请求是发往部署的：请在模型页面将每个部署名称添加为模型。</translation>
    </message>
</context>
<context>
    <name>llmux::ProviderTester</name>
    <message>
        <source>the environment variable %1 is not set for LLMux</source>
        <translation>LLMux 未设置环境变量 %1</translation>
    </message>
</context>
<context>
    <name>llmux::ProvidersModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
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
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The main key is read from $%1.</source>
        <translation>主密钥从 $%1 读取。</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>不可用</translation>
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
        <source>%1 of %2 keys work</source>
        <translation>%2 个密钥中 %1 个可用</translation>
    </message>
    <message>
        <source>The main key is stored in the OS keychain.</source>
        <translation>主密钥存储在系统钥匙串中。</translation>
    </message>
    <message>
        <source>No main key: requests go to this provider without one (fine for local servers; edit the provider to add a key).</source>
        <translation>无主密钥：发往此服务商的请求不携带密钥（适用于本地服务器；如需添加密钥，请编辑该服务商）。</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n extra key(s) form a pool: requests are spread over the keys.</source>
        <translation>
            <numerusform>%1 %n 个额外密钥组成密钥池：请求会分散到各个密钥上。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmux::ProvidersPage</name>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>添加服务商</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add your first provider — e.g. DeepSeek. LLMux then serves its models to every client on this machine.</source>
        <translation>添加你的第一个服务商，例如 DeepSeek。之后 LLMux 会将其模型提供给本机上的所有客户端。</translation>
    </message>
    <message numerus="yes">
        <source>%1: connected in %2 ms — %n model(s).</source>
        <translation>
            <numerusform>%1：连接成功，耗时 %2 毫秒 — %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: connected in %2 ms.</source>
        <translation>%1：连接成功，耗时 %2 毫秒。</translation>
    </message>
    <message>
        <source>%1: the test failed. %2</source>
        <translation>%1：测试失败。%2</translation>
    </message>
    <message>
        <source>Added models: %1.</source>
        <translation>已添加模型：%1。</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>Could not change provider %1: %2</source>
        <translation>无法更改服务商 %1：%2</translation>
    </message>
    <message>
        <source>%1 is enabled; routes use it again.</source>
        <translation>%1 已启用；路由将重新使用它。</translation>
    </message>
    <message>
        <source>%1 is disabled; routes fail over to their other targets.</source>
        <translation>%1 已停用；路由将故障转移到其他目标。</translation>
    </message>
    <message>
        <source>Remove provider</source>
        <translation>删除服务商</translation>
    </message>
    <message>
        <source>Remove the provider “%1” (%2)?</source>
        <translation>删除服务商“%1”（%2）？</translation>
    </message>
    <message>
        <source>Its models and extra keys go with it, and its API keys are deleted from the OS keychain. Routes that use it lose those targets.</source>
        <translation>其模型和额外密钥将一并删除，其 API 密钥也会从系统钥匙串中删除。使用它的路由将失去这些目标。</translation>
    </message>
    <message>
        <source>Removing %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
    <message>
        <source>Removed provider %1.</source>
        <translation>已删除服务商 %1。</translation>
    </message>
    <message>
        <source>Removing %1: %2</source>
        <translation>删除 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the providers: %1</source>
        <translation>无法读取服务商：%1</translation>
    </message>
    <message>
        <source>Where LLMux sends requests: cloud APIs and local servers.</source>
        <translation>LLMux 发送请求的目的地：云端 API 和本地服务器。</translation>
    </message>
    <message numerus="yes">
        <source>%n provider(s), %1 enabled.</source>
        <translation>
            <numerusform>%n 个服务商，%1 个已启用。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message numerus="yes">
        <source>Added %1 with %n model(s). Next: connect a client on the Connect page.</source>
        <translation><numerusform>已添加 %1，包含 %n 个模型。下一步：在连接页连接客户端。</numerusform></translation>
    </message>
    <message>
        <source>Added %1, but no models were added, so no client can use it yet. Add each deployment name as a model on the Models page.</source>
        <translation>已添加 %1，但没有添加任何模型，客户端暂时无法使用它。请在模型页把每个部署名称添加为模型。</translation>
    </message>
    <message>
        <source>Added %1, but no models were added, so no client can use it yet. Add models on the Models page, or edit the provider, fetch its models and tick the ones your tools should use.</source>
        <translation>已添加 %1，但没有添加任何模型，客户端暂时无法使用它。请在模型页添加模型，或编辑该服务商、获取其模型列表并勾选你的工具要使用的模型。</translation>
    </message>
    <message>
        <source>Connect a client</source>
        <translation>连接客户端</translation>
    </message>
    <message>
        <source>Open the Models page</source>
        <translation>打开模型页</translation>
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
</context>
<context>
    <name>llmux::RequestLogFormat</name>
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
    <name>llmux::RequestLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
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
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流式</translation>
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
        <translation>输入 / 输出 Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>llmux::RouteDialog</name>
    <message>
        <source>Add route</source>
        <translation>添加路由</translation>
    </message>
    <message>
        <source>A route serves one public name, or every name a pattern matches, from several provider models.</source>
        <translation>路由可由多个服务商模型来响应一个公开名称，或响应与某个模式匹配的所有名称。</translation>
    </message>
    <message>
        <source>e.g. smart, or gpt-4o*</source>
        <translation>例如 smart 或 gpt-4o*</translation>
    </message>
    <message>
        <source>Name or pattern</source>
        <translation>名称或模式</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Failover tries the targets from the top; weights matter only to the weighted strategy.</source>
        <translation>故障转移从上往下依次尝试目标；权重仅对加权策略有效。</translation>
    </message>
    <message>
        <source>Enabled: clients can use this route</source>
        <translation>已启用：客户端可以使用此路由</translation>
    </message>
    <message>
        <source>Could not read the providers: %1</source>
        <translation>无法读取服务商：%1</translation>
    </message>
    <message>
        <source>Add a provider first (Providers page): every target is a provider and one of its models.</source>
        <translation>请先添加服务商（服务商页面）：每个目标都由一个服务商及其一个模型组成。</translation>
    </message>
    <message>
        <source>A pattern: it serves every model name it matches. A “*” in a target's model is replaced by what the first “*” matched, e.g. gpt-4o* → openai/gpt-4o*.</source>
        <translation>模式：响应与其匹配的所有模型名称。目标模型中的“*”会被替换为第一个“*”匹配到的内容，例如 gpt-4o* → openai/gpt-4o*。</translation>
    </message>
    <message>
        <source>An exact name. “*” (any text) and “?” (one character) make it a pattern; a “*” in a target's model is then replaced by what it matched.</source>
        <translation>精确名称。使用“*”（任意文本）和“?”（单个字符）可使其成为模式；此时目标模型中的“*”会被替换为其匹配到的内容。</translation>
    </message>
    <message>
        <source>Failover: always the first target; the next one only when it fails.</source>
        <translation>故障转移：始终使用第一个目标；仅当其失败时才使用下一个。</translation>
    </message>
    <message>
        <source>Round robin: the targets take turns, request by request.</source>
        <translation>轮询：各目标按请求依次轮流处理。</translation>
    </message>
    <message>
        <source>Weighted: requests are spread at random in proportion to the weights.</source>
        <translation>加权：按权重比例随机分配请求。</translation>
    </message>
    <message>
        <source>Lowest latency: the target that has been answering fastest.</source>
        <translation>最低延迟：使用响应最快的目标。</translation>
    </message>
    <message>
        <source>Lowest cost: the cheapest target by the prices of its model aliases.</source>
        <translation>最低费用：按模型别名的价格选择最便宜的目标。</translation>
    </message>
    <message>
        <source>Edit route “%1”</source>
        <translation>编辑路由“%1”</translation>
    </message>
    <message>
        <source>Give the route a name or a pattern: what clients will ask for.</source>
        <translation>请为路由指定名称或模式：即客户端请求时使用的名称。</translation>
    </message>
    <message>
        <source>Add at least one target: a provider and the model it should serve.</source>
        <translation>请至少添加一个目标：一个服务商及其应提供的模型。</translation>
    </message>
    <message>
        <source>Target %1 has no provider: pick one in its Provider cell.</source>
        <translation>目标 %1 没有服务商：请在其“服务商”单元格中选择一个。</translation>
    </message>
    <message>
        <source>Target %1 has no model: type the provider's model name in its Model cell.</source>
        <translation>目标 %1 没有模型：请在其“模型”单元格中输入服务商的模型名称。</translation>
    </message>
    <message>
        <source>The weight of target %1 must be between 1 and %2.</source>
        <translation>目标 %1 的权重必须介于 1 和 %2 之间。</translation>
    </message>
    <message>
        <source>Target %1's model contains “*”, but “%2” has no “*” whose match could replace it: make the name a pattern or remove the “*”.</source>
        <translation>目标 %1 的模型包含“*”，但“%2”中没有可用于替换它的“*”：请将名称改为模式，或删除该“*”。</translation>
    </message>
    <message>
        <source>“%1” is already a model (→ %2/%3), which would hide this route. Pick another name, or remove that model first.</source>
        <translation>“%1”已是一个模型（→ %2/%3），会遮蔽此路由。请换一个名称，或先删除该模型。</translation>
    </message>
    <message>
        <source>There is already a route “%1”. Pick another name, or edit that route instead.</source>
        <translation>已存在路由“%1”。请换一个名称，或改为编辑该路由。</translation>
    </message>
    <message>
        <source>This route cannot be saved as it is.</source>
        <translation>此路由无法按当前设置保存。</translation>
    </message>
    <message>
        <source>Could not check the route: %1</source>
        <translation>无法检查路由：%1</translation>
    </message>
    <message>
        <source>Could not save the route: %1</source>
        <translation>无法保存路由：%1</translation>
    </message>
</context>
<context>
    <name>llmux::RouteTableModel</name>
    <message>
        <source>Failover</source>
        <translation>故障转移</translation>
    </message>
    <message>
        <source>Round robin</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权</translation>
    </message>
    <message>
        <source>Lowest latency</source>
        <translation>最低延迟</translation>
    </message>
    <message>
        <source>Lowest cost</source>
        <translation>最低费用</translation>
    </message>
    <message>
        <source>No targets: their providers were removed</source>
        <translation>无目标：其服务商已被删除</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>A pattern: serves every model name it matches</source>
        <translation>模式：响应与其匹配的所有模型名称</translation>
    </message>
    <message>
        <source>Name or pattern</source>
        <translation>名称或模式</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Targets, in order</source>
        <translation>目标（按顺序）</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Could not turn route “%1” on: %2</source>
        <translation>无法启用路由“%1”：%2</translation>
    </message>
    <message>
        <source>Could not turn route “%1” off: %2</source>
        <translation>无法停用路由“%1”：%2</translation>
    </message>
</context>
<context>
    <name>llmux::RouteTargetsModel</name>
    <message>
        <source>(pick a provider)</source>
        <translation>（选择服务商）</translation>
    </message>
    <message>
        <source>(type the model name)</source>
        <translation>（输入模型名称）</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>llmux::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>How LLMux listens, starts and looks, and how long it keeps its log.</source>
        <translation>LLMux 的监听方式、启动方式与外观，以及日志保留时长。</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>仅本机（127.0.0.1）</translation>
    </message>
    <message>
        <source>Every network interface (0.0.0.0)</source>
        <translation>所有网络接口（0.0.0.0）</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听于</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Apply and restart gateway</source>
        <translation>应用并重启网关</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Start LLMux when I log in</source>
        <translation>登录时启动 LLMux</translation>
    </message>
    <message>
        <source>Start minimized to the tray</source>
        <translation>启动时最小化到托盘</translation>
    </message>
    <message>
        <source>Closing the window keeps the gateway running in the tray; quit from the tray icon's menu.</source>
        <translation>关闭窗口后网关会继续在托盘中运行；如需退出，请使用托盘图标菜单。</translation>
    </message>
    <message>
        <source>Could not change starting with the system: %1</source>
        <translation>无法更改开机启动设置：%1</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 天</translation>
    </message>
    <message>
        <source>90 days</source>
        <translation>90 天</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 年</translation>
    </message>
    <message>
        <source>2 years</source>
        <translation>2 年</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Keep request logs</source>
        <translation>请求日志保留时长</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>The folder holds the configuration database and the request log; provider keys are in the system keychain. To use another folder, start LLMux with --data-dir FOLDER or set LLMUX_DATA_DIR.</source>
        <translation>该文件夹存放配置数据库和请求日志；服务商密钥存储在系统钥匙串中。如需使用其他文件夹，请使用 --data-dir FOLDER 启动 LLMux，或设置 LLMUX_DATA_DIR。</translation>
    </message>
    <message>
        <source>Could not open %1 in the file manager.</source>
        <translation>无法在文件管理器中打开 %1。</translation>
    </message>
    <message>
        <source>Retries, circuit breakers and health checks</source>
        <translation>重试、熔断器与健康检查</translation>
    </message>
    <message>
        <source>Double-click a value to change it; changes apply to the next request. Bold values differ from the default.</source>
        <translation>双击数值即可修改；更改将对下一个请求生效。粗体数值表示与默认值不同。</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Enter an IP address such as 127.0.0.1, ::1 or 0.0.0.0.</source>
        <translation>请输入 IP 地址，例如 127.0.0.1、::1 或 0.0.0.0。</translation>
    </message>
    <message>
        <source>Other computers on your network can reach LLMux at this address. Every request still needs a gateway key.</source>
        <translation>网络中的其他计算机可以通过此地址访问 LLMux。每个请求仍需提供网关密钥。</translation>
    </message>
    <message>
        <source>Serving at %1</source>
        <translation>服务地址：%1</translation>
    </message>
    <message>
        <source>Only programs on this computer can reach LLMux.</source>
        <translation>只有本机上的程序可以访问 LLMux。</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>The gateway is stopped; it listens here once it is started.</source>
        <translation>网关已停止；启动后将在此地址监听。</translation>
    </message>
    <message>
        <source>LLMux cannot listen on %1 port %2: another program (or another LLMux) is using it, or the address does not belong to this computer. It keeps serving at %3. Choose another port, or close the program that uses this one.</source>
        <translation>LLMux 无法在 %1 的端口 %2 上监听：另一个程序（或另一个 LLMux）正在使用它，或者该地址不属于这台电脑。它继续在 %3 提供服务。请换一个端口，或关闭占用此端口的程序。</translation>
    </message>
</context>
<context>
    <name>llmux::TargetHealthModel</name>
    <message numerus="yes">
        <source>%1 of %n failed</source>
        <translation>
            <numerusform>%n 次中 %1 次失败</numerusform>
        </translation>
    </message>
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
        <source>Provider '%1' is back up</source>
        <translation>服务商“%1”已恢复</translation>
    </message>
    <message>
        <source>Provider '%1' is down: %2</source>
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
<context>
    <name>llmux::TuningSettingsModel</name>
    <message>
        <source>%1 to %2%3</source>
        <translation>%1 至 %2%3</translation>
    </message>
    <message>
        <source>, or 0 for off</source>
        <translation>，0 表示关闭</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Upstream attempts per request, the first included.</source>
        <translation>每个请求向上游发起的尝试次数（含首次）。</translation>
    </message>
    <message>
        <source>No new attempt starts later than this after the request arrived.</source>
        <translation>请求到达超过此时长后，不再发起新的尝试。</translation>
    </message>
    <message>
        <source>Wait before going back to a target already tried (doubles each round, with jitter).</source>
        <translation>再次尝试已试过的目标前的等待时间（每轮翻倍，带随机抖动）。</translation>
    </message>
    <message>
        <source>Longest wait between rounds.</source>
        <translation>两轮之间的最长等待时间。</translation>
    </message>
    <message>
        <source>Consecutive failures that open a target's circuit.</source>
        <translation>触发目标熔断器打开的连续失败次数。</translation>
    </message>
    <message>
        <source>How long an open circuit refuses before one probe goes through (doubles while probes fail).</source>
        <translation>熔断器打开后拒绝请求的时长，之后放行一次探测请求（探测持续失败时时长翻倍）。</translation>
    </message>
    <message>
        <source>How often every provider key is checked; 0 turns checks off.</source>
        <translation>检查每个服务商密钥的时间间隔；0 表示关闭检查。</translation>
    </message>
    <message>
        <source>How long one health check may take.</source>
        <translation>单次健康检查允许的最长时间。</translation>
    </message>
    <message>
        <source>Days the request log keeps each request (usage charts included); older entries are deleted. 0 keeps everything.</source>
        <translation>请求日志中每条请求的保留天数（含用量图表数据）；更早的记录将被删除。0 表示全部保留。</translation>
    </message>
    <message>
        <source>Days a stored Responses API answer is kept for previous_response_id and GET /v1/responses/{id}. 0 keeps them until the size limit.</source>
        <translation>存储的 Responses API 回答保留多少天，供 previous_response_id 和 GET /v1/responses/{id} 使用。0 表示一直保留到达到大小上限。</translation>
    </message>
    <message>
        <source>Megabytes of stored Responses API answers kept at most; the oldest go first.</source>
        <translation>存储的 Responses API 回答最多占用多少 MB；超出时先删除最旧的。</translation>
    </message>
    <message>
        <source>When the gateway stops, how long requests in flight may take to finish; what is still running then is cut off. 0 cuts off at once.</source>
        <translation>网关停止时，进行中的请求最多可用多长时间完成；届时仍未完成的请求将被中断。0 表示立即中断。</translation>
    </message>
</context>
<context>
    <name>llmux::UsageBreakdownModel</name>
    <message>
        <source>(no model)</source>
        <translation>（无模型）</translation>
    </message>
    <message>
        <source>(no provider reached)</source>
        <translation>（未到达服务商）</translation>
    </message>
    <message>
        <source>Key #%1</source>
        <translation>密钥 #%1</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>（无密钥）</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>输入 %1，输出 %2</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 个失败</translation>
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
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
</context>
<context>
    <name>llmux::UsageCharts</name>
    <message>
        <source>MMM d HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示 Token</translation>
    </message>
    <message>
        <source>Completion tokens</source>
        <translation>补全 Token</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>每分钟请求数</translation>
    </message>
    <message>
        <source>Median latency (ms)</source>
        <translation>延迟中位数（毫秒）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>llmux::UsageExport</name>
    <message>
        <source>%1 – %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>by hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>by week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>by month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>By provider</source>
        <translation>按服务商</translation>
    </message>
    <message>
        <source>By key</source>
        <translation>按密钥</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Choose another folder.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Check the free space and try again.</source>
        <translation>无法写入 %1：%2。请检查可用空间后重试。</translation>
    </message>
    <message>
        <source>LLMux usage</source>
        <translation>LLMux 用量</translation>
    </message>
    <message>
        <source>Cannot create the PDF %1. Choose another folder and try again.</source>
        <translation>无法创建 PDF 文件 %1。请选择其他文件夹后重试。</translation>
    </message>
    <message>
        <source>Cannot finish the PDF %1. Check the free space and try again.</source>
        <translation>无法完成 PDF 文件 %1。请检查可用空间后重试。</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>导出于 %1</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>输入 Token</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>输出 Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>No requests in this range.</source>
        <translation>此时间范围内没有请求。</translation>
    </message>
</context>
<context>
    <name>llmux::UsagePage</name>
    <message>
        <source>Saved %1. &lt;a href=&quot;%2&quot;&gt;Open its folder&lt;/a&gt;</source>
        <translation>已保存到 %1。&lt;a href=&quot;%2&quot;&gt;打开所在文件夹&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Tokens, requests and cost of the requests sent through LLMux.</source>
        <translation>通过 LLMux 发送的请求的 Token 数、请求数和费用。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>No usage yet. Send a request through LLMux and it shows up here.</source>
        <translation>尚无用量。通过 LLMux 发送请求后，用量将显示在这里。</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Granularity</source>
        <translation>粒度</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>输入 Token</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>输出 Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Break down by</source>
        <translation>明细维度</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>By provider</source>
        <translation>按服务商</translation>
    </message>
    <message>
        <source>By key</source>
        <translation>按密钥</translation>
    </message>
    <message>
        <source>Cannot read the usage: %1 Try again; if it keeps failing, check the data folder's disk.</source>
        <translation>无法读取用量：%1 请重试；如果仍然失败，请检查数据文件夹所在的磁盘。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s), %1</source>
        <translation>
            <numerusform>%n 个请求，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>The usage is still loading; export again in a moment.</source>
        <translation>用量仍在加载中；请稍后再导出。</translation>
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation>将用量导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export usage as PDF</source>
        <translation>将用量导出为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) without a price, so the cost shows as $0: %1. Add prices per 1M tokens on the Models page.</source>
        <translation>
            <numerusform>%n 个模型未设置价格，因此费用显示为 $0：%1。请在模型页按每 1M Token 添加价格。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmux::CapabilitiesEditor</name>
    <message>
        <source>What the model can take</source>
        <translation>模型能力</translation>
    </message>
    <message>
        <source>Routes skip a model that cannot take a request (images to a text-only model, tools to a model without them, a prompt longer than its context window) and lower an answer length over its limit. Automatic uses what LLMux knows of well-known models; it belongs to the provider's model, whatever its name.</source>
        <translation>路由会跳过无法处理请求的模型（向纯文本模型发送图片、向不支持工具的模型发送工具、提示超出上下文窗口），并把超出上限的回答长度降到上限。“自动”采用 LLMux 对知名模型的了解；能力属于提供方的模型，与别名无关。</translation>
    </message>
    <message>
        <source>Whether it can call tools (functions).</source>
        <translation>能否调用工具（函数）。</translation>
    </message>
    <message>
        <source>Whether it can read images.</source>
        <translation>能否读取图片。</translation>
    </message>
    <message>
        <source>Whether it reasons (thinks) first; reasoning settings are left out for a model that does not.</source>
        <translation>是否先推理（思考）；对不推理的模型会省略推理设置。</translation>
    </message>
    <message>
        <source>Whether the provider offers it only through the Responses API (OpenAI's codex models); every client's requests then go there.</source>
        <translation>提供方是否只通过 Responses API 提供此模型（如 OpenAI 的 codex 模型）；此时所有客户端的请求都发往该接口。</translation>
    </message>
    <message>
        <source>Prompt and answer together; a longer prompt skips this model.</source>
        <translation>提示与回答合计；更长的提示会跳过此模型。</translation>
    </message>
    <message>
        <source>An answer asked to be longer is lowered to this.</source>
        <translation>要求更长的回答会降到此值。</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Responses API only</source>
        <translation>仅 Responses API</translation>
    </message>
    <message>
        <source>Context window</source>
        <translation>上下文窗口</translation>
    </message>
    <message>
        <source>Longest answer</source>
        <translation>最长回答</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Automatic (not known: assumed yes)</source>
        <translation>自动（未知：视为支持）</translation>
    </message>
    <message>
        <source>Automatic (yes)</source>
        <translation>自动（是）</translation>
    </message>
    <message>
        <source>Automatic (no)</source>
        <translation>自动（否）</translation>
    </message>
    <message>
        <source>Automatic (%1 tokens)</source>
        <translation>自动（%1 个 token）</translation>
    </message>
    <message>
        <source>Automatic (not known)</source>
        <translation>自动（未知）</translation>
    </message>
</context>
<context>
    <name>llmux::AlertChannelDialog</name>
    <message>
        <source>Alert channel %1</source>
        <translation>告警渠道 %1</translation>
    </message>
    <message>
        <source>Add an alert channel</source>
        <translation>添加告警渠道</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>e.g. team chat, on-call mail</source>
        <translation>例如：团队群聊、值班邮箱</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The webhook address the service gave you. It holds a token, so it is kept in the OS keychain.</source>
        <translation>服务提供给你的 Webhook 地址。其中含有令牌，因此保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation>Webhook 地址</translation>
    </message>
    <message>
        <source>DingTalk&apos;s and Feishu&apos;s signing secret (&quot;sign&quot; security setting), or a key LLMux signs a generic webhook&apos;s body with (X-LLMux-Signature). Kept in the OS keychain.</source>
        <translation>钉钉和飞书的加签密钥（“加签”安全设置），或 LLMux 用来为通用 Webhook 正文签名的密钥（X-LLMux-Signature）。保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>邮件服务器</translation>
    </message>
    <message>
        <source>STARTTLS (required)</source>
        <translation>STARTTLS（必须）</translation>
    </message>
    <message>
        <source>TLS from the start (port 465)</source>
        <translation>全程 TLS（端口 465）</translation>
    </message>
    <message>
        <source>None (no login)</source>
        <translation>不加密（不登录）</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>you@example.com, team@example.com</source>
        <translation>you@example.com, team@example.com</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>the system&apos;s certificates</source>
        <translation>系统证书</translation>
    </message>
    <message>
        <source>A PEM file of certificates to trust for a server whose certificate is not signed by a public authority</source>
        <translation>一个 PEM 证书文件，用于信任证书不是由公共机构签发的服务器</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <source>Send these events</source>
        <translation>发送这些事件</translation>
    </message>
    <message>
        <source>Send to this channel</source>
        <translation>向此渠道发送</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Choose at least one event.</source>
        <translation>请至少选择一个事件。</translation>
    </message>
</context>
<context>
    <name>llmux::AlertChannelsModel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 发往 %2</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Sends to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>llmux::AlertHistoryModel</name>
    <message>
        <source>No channel wanted it</source>
        <translation>没有渠道订阅</translation>
    </message>
    <message>
        <source>%1 of %2 channels failed</source>
        <translation>%2 个渠道中有 %1 个失败</translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n channel(s)</source>
        <translation>
            <numerusform>已发送到 %n 个渠道</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>送达</translation>
    </message>
</context>
<context>
    <name>llmux::AlertText</name>
    <message>
        <source>Budget threshold reached</source>
        <translation>预算达到阈值</translation>
    </message>
    <message>
        <source>Budget exhausted</source>
        <translation>预算已用完</translation>
    </message>
    <message>
        <source>Rate limit hit repeatedly</source>
        <translation>速率限制被反复触发</translation>
    </message>
    <message>
        <source>Provider key rejected or out of credit</source>
        <translation>服务商密钥被拒绝或余额不足</translation>
    </message>
    <message>
        <source>Provider down</source>
        <translation>服务商不可用</translation>
    </message>
    <message>
        <source>Provider recovered</source>
        <translation>服务商已恢复</translation>
    </message>
    <message>
        <source>Every target of a route failing</source>
        <translation>路由的所有目标都失败</translation>
    </message>
    <message>
        <source>Gateway key about to expire</source>
        <translation>网关密钥即将过期</translation>
    </message>
    <message>
        <source>Test message</source>
        <translation>测试消息</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <source>DingTalk</source>
        <translation>钉钉</translation>
    </message>
    <message>
        <source>Feishu / Lark</source>
        <translation>飞书 / Lark</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Every event</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <source>Every event but %1</source>
        <translation>除 %1 外的所有事件</translation>
    </message>
</context>
<context>
    <name>llmux::AlertsPage</name>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>添加渠道…</translation>
    </message>
    <message>
        <source>Send test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>Events…</source>
        <translation>事件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>No channels yet: alerts only show in the tray. Add Slack, DingTalk, Feishu, e-mail or any webhook to hear of budgets, limits and providers wherever you are.</source>
        <translation>还没有渠道：告警只显示在托盘中。添加 Slack、钉钉、飞书、电子邮件或任意 Webhook，随时随地了解预算、限流和服务商的情况。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>No alerts yet. Budgets, limits, providers and keys raise them when something needs you.</source>
        <translation>还没有告警。预算、限流、服务商和密钥需要你关注时会发出告警。</translation>
    </message>
    <message>
        <source>Alerts show in the tray; add a channel to get them elsewhere.</source>
        <translation>告警显示在托盘中；添加渠道即可在别处接收。</translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s) on</source>
        <translation>
            <numerusform>已开启 %n 个渠道</numerusform>
        </translation>
    </message>
    <message>
        <source>; last alert %1</source>
        <translation>；最近一次告警 %1</translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation>正在向 %1 发送测试消息…</translation>
    </message>
    <message>
        <source>%1 took the test message: %2</source>
        <translation>%1 已接收测试消息：%2</translation>
    </message>
    <message>
        <source>%1 did not take the test message: %2</source>
        <translation>%1 未接收测试消息：%2</translation>
    </message>
    <message>
        <source>Remove alert channel</source>
        <translation>移除告警渠道</translation>
    </message>
    <message>
        <source>Remove %1? Its address and secrets are deleted from the keychain.</source>
        <translation>移除 %1？它的地址和密钥会从钥匙串中删除。</translation>
    </message>
    <message>
        <source>Alert channel</source>
        <translation>告警渠道</translation>
    </message>
</context>
<context>
    <name>llmux::BudgetDialog</name>
    <message>
        <source>Set a budget</source>
        <translation>设置预算</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>A project</source>
        <translation>某个项目</translation>
    </message>
    <message>
        <source>A key</source>
        <translation>某个密钥</translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation>预算对象</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>哪一个</translation>
    </message>
    <message>
        <source>Spending in US$</source>
        <translation>花费（美元）</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Spending comes from the prices of your models; a model without a price counts only in token quotas.</source>
        <translation>花费按模型价格计算；没有价格的模型只计入 Token 配额。</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>计量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>额度</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>In total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Percents of the amount that send an alert (the Alerts page says where), e.g. 50,80,100</source>
        <translation>达到额度的这些百分比时发送告警（发往哪里见告警页面），例如 50,80,100</translation>
    </message>
    <message>
        <source>Alert at (%)</source>
        <translation>告警阈值（%）</translation>
    </message>
    <message>
        <source>Refuse requests once it is spent</source>
        <translation>用完后拒绝请求</translation>
    </message>
    <message>
        <source>There is no project yet: add one with llmux project add NAME.</source>
        <translation>还没有项目：用 llmux project add 名称 添加一个。</translation>
    </message>
    <message>
        <source>There is no gateway key yet: create one on the Keys page.</source>
        <translation>还没有网关密钥：在密钥页面创建一个。</translation>
    </message>
    <message>
        <source>Alert thresholds are percents separated by commas, e.g. 50,80,100.</source>
        <translation>告警阈值是用逗号分隔的百分比，例如 50,80,100。</translation>
    </message>
</context>
<context>
    <name>llmux::BudgetsModel</name>
    <message>
        <source>Requests to models without a price cost nothing here; give them a price on the Models page, or add a token quota.</source>
        <translation>发往没有价格的模型的请求在这里不计花费；请在模型页面为它们设置价格，或添加 Token 配额。</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Spent: refusing requests</source>
        <translation>已用完：正在拒绝请求</translation>
    </message>
    <message>
        <source>Spent (alerts only)</source>
        <translation>已用完（仅告警）</translation>
    </message>
    <message>
        <source>Heading over</source>
        <translation>预计超出</translation>
    </message>
    <message>
        <source>On track</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation>预算对象</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>额度</translation>
    </message>
    <message>
        <source>Spent this period</source>
        <translation>本周期已用</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Heading for</source>
        <translation>预计达到</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1; %2 tokens without a price not counted</source>
        <translation>%1；%2 个无价格的 Token 未计入</translation>
    </message>
</context>
<context>
    <name>llmux::GovernanceText</name>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation>端点 %1</translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation>项目 %1</translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <source>day</source>
        <translation>天</translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>hour</source>
        <translation>小时</translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>minute</source>
        <translation>分钟</translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 requests per %2</source>
        <translation>每%2 %1 个请求</translation>
    </message>
    <message>
        <source>%1 tokens per %2</source>
        <translation>每%2 %1 个 Token</translation>
    </message>
    <message>
        <source>%1 requests at once</source>
        <translation>同时 %1 个请求</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个 Token</translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation>每天 %1</translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation>每周 %1</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>每月 %1</translation>
    </message>
    <message>
        <source>%1 in total</source>
        <translation>总计 %1</translation>
    </message>
    <message>
        <source>%1, hard</source>
        <translation>%1，硬性</translation>
    </message>
</context>
<context>
    <name>llmux::LimitDialog</name>
    <message>
        <source>Add a rate limit</source>
        <translation>添加速率限制</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>An endpoint</source>
        <translation>某个端点</translation>
    </message>
    <message>
        <source>A project</source>
        <translation>某个项目</translation>
    </message>
    <message>
        <source>A key</source>
        <translation>某个密钥</translation>
    </message>
    <message>
        <source>A model</source>
        <translation>某个模型</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>A model may be a pattern with * and ?, e.g. gpt-4o*</source>
        <translation>模型可以是含 * 和 ? 的模式，例如 gpt-4o*</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>哪一个</translation>
    </message>
    <message>
        <source>Requests per window</source>
        <translation>每个窗口的请求数</translation>
    </message>
    <message>
        <source>Tokens per window</source>
        <translation>每个窗口的 Token 数</translation>
    </message>
    <message>
        <source>Requests at once</source>
        <translation>同时请求数</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>计量</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>最多</translation>
    </message>
    <message>
        <source>Any sliding window from seconds to a day: 30s, 1m, 5m, 1h, 1d</source>
        <translation>从几秒到一天的任意滑动窗口：30s、1m、5m、1h、1d</translation>
    </message>
    <message>
        <source>In any</source>
        <translation>在任意</translation>
    </message>
    <message>
        <source>Choose what the limit applies to.</source>
        <translation>请选择限制适用的对象。</translation>
    </message>
    <message>
        <source>The window is a length from a second to a day, like 30s, 1m, 5m, 1h or 1d.</source>
        <translation>窗口是一秒到一天之间的时长，例如 30s、1m、5m、1h 或 1d。</translation>
    </message>
</context>
<context>
    <name>llmux::LimitsModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Full: refusing requests</source>
        <translation>已满：正在拒绝请求</translation>
    </message>
    <message>
        <source>Nearly full</source>
        <translation>接近上限</translation>
    </message>
    <message>
        <source>Room to spare</source>
        <translation>尚有余量</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>当前用量</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>llmux::LimitsPage</name>
    <message>
        <source>Limits &amp; budgets</source>
        <translation>限流与预算</translation>
    </message>
    <message>
        <source>Add limit…</source>
        <translation>添加限制…</translation>
    </message>
    <message>
        <source>Set budget…</source>
        <translation>设置预算…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>No budgets. Set one to be told when spending passes a threshold, and to stop it at the amount if you like.</source>
        <translation>没有预算。设置一个，在花费超过阈值时收到通知，也可以在达到额度时停止。</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <source>No rate limits: every key may send as much as its providers take.</source>
        <translation>没有速率限制：每个密钥都可以发送服务商能接受的任意多请求。</translation>
    </message>
    <message>
        <source>Nothing limits or meters your gateway yet.</source>
        <translation>目前没有任何限制或计量。</translation>
    </message>
    <message numerus="yes">
        <source>%n limit(s), </source>
        <translation>
            <numerusform>%n 个限制，</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n budget(s); nothing is refused right now.</source>
        <translation>
            <numerusform>%n 个预算；目前没有请求被拒绝。</numerusform>
        </translation>
    </message>
    <message>
        <source>Refusing requests now: %1</source>
        <translation>正在拒绝请求：%1</translation>
    </message>
    <message>
        <source>Remove the budget for %1 (%2)?</source>
        <translation>移除 %1 的预算（%2）？</translation>
    </message>
    <message>
        <source>Remove the limit on %1 (%2)?</source>
        <translation>移除 %1 的限制（%2）？</translation>
    </message>
    <message>
        <source>Not removed</source>
        <translation>未移除</translation>
    </message>
    <message>
        <source>Billing report…</source>
        <translation>账单报告…</translation>
    </message>
    <message>
        <source>Requests, tokens and cost per key and project for a month, with the budgets; saved as PDF</source>
        <translation>按密钥和项目统计一个月的请求、Token 和费用，并列出预算；可保存为 PDF</translation>
    </message>
</context>
<context>
    <name>llmux::BillingReportDialog</name>
    <message>
        <source>LLMux billing report</source>
        <translation>LLMux 账单报告</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>every project</source>
        <translation>所有项目</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>(no project)</source>
        <translation>（无项目）</translation>
    </message>
    <message>
        <source>Project total</source>
        <translation>项目合计</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示 Token</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>回答 Token</translation>
    </message>
    <message>
        <source>Cost (US$)</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Tokens without a price</source>
        <translation>无价格的 Token</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Budget for</source>
        <translation>预算对象</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>额度</translation>
    </message>
    <message>
        <source>Spent this period</source>
        <translation>本周期已用</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>No requests in this period.</source>
        <translation>此期间没有请求。</translation>
    </message>
    <message>
        <source>Billing report</source>
        <translation>账单报告</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Every project</source>
        <translation>所有项目</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Save the billing report</source>
        <translation>保存账单报告</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
</TS>