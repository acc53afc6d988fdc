#include "ui/connect/ClientSnippets.h"

namespace llmux {
namespace {

// A string as a JSON string body (without the quotes): enough for model names in a curl call.
QString jsonEscaped(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return text;
}

} // namespace

ClientSnippets::ClientSnippets(const QString &baseUrl, const QString &key, const QString &model)
    : m_baseUrl(baseUrl.trimmed())
    , m_key(key.trimmed().isEmpty() ? QString(kKeyPlaceholder) : key.trimmed())
    , m_model(model.trimmed().isEmpty() ? QString(kModelPlaceholder) : model.trimmed())
{
    while (m_baseUrl.endsWith(QLatin1Char('/')))
        m_baseUrl.chop(1);
    if (m_baseUrl.endsWith(QLatin1String("/v1")))
        m_baseUrl.chop(3);
}

QList<ClientSnippets::Client> ClientSnippets::clients()
{
    return {Client::CherryStudio, Client::ClaudeCode, Client::CodexCli, Client::Continue,
            Client::Curl};
}

QString ClientSnippets::clientName(Client client)
{
    switch (client) {
    case Client::CherryStudio:
        return QStringLiteral("Cherry Studio");
    case Client::ClaudeCode:
        return QStringLiteral("Claude Code");
    case Client::CodexCli:
        return QStringLiteral("Codex CLI");
    case Client::Continue:
        return QStringLiteral("Continue");
    case Client::Curl:
        return QStringLiteral("curl");
    }
    return QString();
}

QString ClientSnippets::text(Client client) const
{
    switch (client) {
    case Client::CherryStudio:
        return cherryStudio();
    case Client::ClaudeCode:
        return claudeCode();
    case Client::CodexCli:
        return codexCli();
    case Client::Continue:
        return continueConfig();
    case Client::Curl:
        return curl();
    }
    return QString();
}

QString ClientSnippets::note(Client client) const
{
    switch (client) {
    case Client::CherryStudio:
        return tr("Settings → Model Provider → Add. Cherry Studio adds /v1 to the API host itself; "
                  "press Manage to fetch the model list from LLMux.");
    case Client::ClaudeCode:
        return tr("Run in the shell that starts claude. No /v1 in the URL: Claude Code adds "
                  "/v1/messages itself.");
    case Client::CodexCli:
        return tr("Add to ~/.codex/config.toml. LLMux serves Codex's Responses wire API on every "
                  "provider, translating where the provider speaks another format.");
    case Client::Continue:
        return tr("Add to ~/.continue/config.yaml (or merge the model into your models list).");
    case Client::Curl:
        return tr("A quick check from a terminal that the key and the model work.");
    }
    return QString();
}

QString ClientSnippets::cherryStudio() const
{
    return tr("Provider type: OpenAI\n"
              "API host: %1\n"
              "API key: %2\n"
              "Model ID: %3\n")
        .arg(serverRoot(), m_key, m_model);
}

QString ClientSnippets::claudeCode() const
{
    return QStringLiteral("export ANTHROPIC_BASE_URL=%1\n"
                          "export ANTHROPIC_AUTH_TOKEN=%2\n"
                          "export ANTHROPIC_MODEL=%3\n"
                          "export ANTHROPIC_SMALL_FAST_MODEL=%3\n"
                          "claude\n")
        .arg(serverRoot(), m_key, m_model);
}

QString ClientSnippets::codexCli() const
{
    return QStringLiteral("model = \"%1\"\n"
                          "model_provider = \"llmux\"\n"
                          "\n"
                          "[model_providers.llmux]\n"
                          "name = \"LLMux\"\n"
                          "base_url = \"%2\"\n"
                          "env_key = \"LLMUX_API_KEY\"\n"
                          "wire_api = \"responses\"\n"
                          "\n"
                          "# %3\n"
                          "# export LLMUX_API_KEY=%4\n")
        .arg(m_model, openAiBaseUrl(), tr("and in the shell that starts codex:"), m_key);
}

QString ClientSnippets::continueConfig() const
{
    return QStringLiteral("name: LLMux\n"
                          "version: 0.0.1\n"
                          "schema: v1\n"
                          "models:\n"
                          "  - name: %1 (LLMux)\n"
                          "    provider: openai\n"
                          "    model: %1\n"
                          "    apiBase: %2\n"
                          "    apiKey: %3\n"
                          "    roles:\n"
                          "      - chat\n"
                          "      - edit\n"
                          "      - apply\n")
        .arg(m_model, openAiBaseUrl(), m_key);
}

QString ClientSnippets::curl() const
{
    return QStringLiteral("curl %1/chat/completions \\\n"
                          "  -H \"Authorization: Bearer %2\" \\\n"
                          "  -H \"Content-Type: application/json\" \\\n"
                          "  -d '{\"model\": \"%3\", \"messages\": [{\"role\": \"user\", "
                          "\"content\": \"Hello\"}]}'\n")
        .arg(openAiBaseUrl(), m_key, jsonEscaped(m_model));
}

} // namespace llmux
