#pragma once

#include <QString>

namespace llmux {

// The wire formats LLMux speaks, on either side of the gateway.
enum class ApiFormat {
    OpenAiChat,        // POST /v1/chat/completions
    AnthropicMessages, // POST /v1/messages
    GeminiGenerate,    // models/{model}:generateContent
    OpenAiResponses,   // POST /v1/responses (Codex CLI)
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
    case ApiFormat::OpenAiResponses:
        return QStringLiteral("OpenAI Responses");
    }
    return QString();
}

} // namespace llmux
