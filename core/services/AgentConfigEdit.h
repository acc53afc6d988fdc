#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QString>

namespace llmux {

// Where a coding agent should send its requests: LLMux's address (without /v1; each agent adds
// its API's path), the gateway key it uses, and the LLMux model it asks for.
struct AgentTarget
{
    QString rootUrl;
    QString key;
    QString model;
};

// Edits one agent configuration file's text so the agent uses LLMux, keeping everything LLMux does
// not own as it was (other settings, tables, comments, the order of lines). Each edit fails with a
// message, changing nothing, when the file cannot be read as its format. baseUrlIn says where a
// file points today (empty: nowhere LLMux set), for `llmux connect --status`.
class AgentConfigEdit
{
public:
    // Claude Code's ~/.claude/settings.json: the env block's ANTHROPIC_BASE_URL, exactly one key
    // (ANTHROPIC_AUTH_TOKEN; ANTHROPIC_API_KEY is taken out) and the model for every slot.
    static Result<QByteArray> claudeSettings(const QByteArray &current, const AgentTarget &target);
    // Codex's ~/.codex/config.toml: model and model_provider, and the [model_providers.llmux]
    // table with wire_api = "responses". Only those lines change; the result is read back with a
    // TOML parser (toml11) and must say exactly that.
    static Result<QByteArray> codexConfig(const QByteArray &current, const AgentTarget &target);
    // Gemini CLI's ~/.gemini/.env: GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY.
    static Result<QByteArray> geminiEnv(const QByteArray &current, const AgentTarget &target);
    // Gemini CLI's ~/.gemini/settings.json: the API-key sign-in and the model.
    static Result<QByteArray> geminiSettings(const QByteArray &current, const AgentTarget &target);

    static QString claudeBaseUrl(const QByteArray &settings);
    static QString codexBaseUrl(const QByteArray &config);
    static QString geminiBaseUrl(const QByteArray &env);

    // The name of the provider table LLMux owns in Codex's config.
    static constexpr const char *kCodexProvider = "llmux";
};

} // namespace llmux
