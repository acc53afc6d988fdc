#pragma once

#include <QString>

namespace llmux {

// The wire formats LLMux speaks, on either side of the gateway.
enum class ApiFormat {
    OpenAiChat,        // POST /v1/chat/completions
    AnthropicMessages, // POST /v1/messages
    GeminiGenerate,    // models/{model}:generateContent
};

inline QString apiFormatName(ApiFormat format)
{
    switch (format) {
    case ApiFormat::OpenAiChat:
        return QStringLiteral("OpenAI Chat Completions");
    case ApiFormat::AnthropicMessages:
        return QStringLiteral("Anthropic Messages");
    case ApiFormat::GeminiGenerate:
        return QStringLiteral("Gemini generateContent");
    }
    return QString();
}

} // namespace llmux
