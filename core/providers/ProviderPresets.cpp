#include "core/providers/ProviderPresets.h"

namespace llmux {

const QList<ProviderPreset> &ProviderPresets::all()
{
    static const QList<ProviderPreset> presets = {
        {QStringLiteral("openai"), QStringLiteral("OpenAI"), QStringLiteral("openai"),
         QStringLiteral("https://api.openai.com/v1"), QStringLiteral("OPENAI_API_KEY"), true,
         QStringLiteral("https://platform.openai.com/api-keys")},
        {QStringLiteral("anthropic"), QStringLiteral("Anthropic"), QStringLiteral("anthropic"),
         QStringLiteral("https://api.anthropic.com"), QStringLiteral("ANTHROPIC_API_KEY"), true,
         QStringLiteral("https://console.anthropic.com/settings/keys")},
        {QStringLiteral("gemini"), QStringLiteral("Google Gemini"), QStringLiteral("gemini"),
         QStringLiteral("https://generativelanguage.googleapis.com/v1beta"),
         QStringLiteral("GEMINI_API_KEY"), true,
         QStringLiteral("https://aistudio.google.com/apikey")},
        {QStringLiteral("azure"), QStringLiteral("Azure OpenAI"), QStringLiteral("azure"),
         QString(), QStringLiteral("AZURE_OPENAI_API_KEY"), true,
         QStringLiteral("https://portal.azure.com")},
        {QStringLiteral("deepseek"), QStringLiteral("DeepSeek"), QStringLiteral("openai"),
         QStringLiteral("https://api.deepseek.com/v1"), QStringLiteral("DEEPSEEK_API_KEY"), true,
         QStringLiteral("https://platform.deepseek.com/api_keys")},
        {QStringLiteral("qwen"), QStringLiteral("Qwen (DashScope)"), QStringLiteral("openai"),
         QStringLiteral("https://dashscope.aliyuncs.com/compatible-mode/v1"),
         QStringLiteral("DASHSCOPE_API_KEY"), true,
         QStringLiteral("https://dashscope.console.aliyun.com/apiKey")},
        {QStringLiteral("moonshot"), QStringLiteral("Moonshot / Kimi"), QStringLiteral("openai"),
         QStringLiteral("https://api.moonshot.cn/v1"), QStringLiteral("MOONSHOT_API_KEY"), true,
         QStringLiteral("https://platform.moonshot.cn/console/api-keys")},
        {QStringLiteral("openrouter"), QStringLiteral("OpenRouter"), QStringLiteral("openai"),
         QStringLiteral("https://openrouter.ai/api/v1"), QStringLiteral("OPENROUTER_API_KEY"), true,
         QStringLiteral("https://openrouter.ai/keys")},
        {QStringLiteral("ollama"), QStringLiteral("Ollama"), QStringLiteral("openai"),
         QStringLiteral("http://127.0.0.1:11434/v1"), QString(), false,
         QStringLiteral("https://ollama.com/download")},
        {QStringLiteral("lmstudio"), QStringLiteral("LM Studio"), QStringLiteral("openai"),
         QStringLiteral("http://127.0.0.1:1234/v1"), QString(), false,
         QStringLiteral("https://lmstudio.ai")},
    };
    return presets;
}

const ProviderPreset *ProviderPresets::find(const QString &id)
{
    for (const ProviderPreset &p : all())
        if (p.id.compare(id, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}

} // namespace llmux
