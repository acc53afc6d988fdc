#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace llmux {

// The settings a client needs to talk to LLMux, as ready-to-paste text: each client gets the URL
// in the form it expects (with or without /v1), the key and the model. Pure text; it never reads
// configuration or touches a key store.
class ClientSnippets
{
    Q_DECLARE_TR_FUNCTIONS(llmux::ClientSnippets)
public:
    enum class Client { CherryStudio, ClaudeCode, CodexCli, Continue, Curl };

    static constexpr QLatin1StringView kKeyPlaceholder{"YOUR_LLMUX_KEY"};
    static constexpr QLatin1StringView kModelPlaceholder{"MODEL"};

    // baseUrl is the gateway's OpenAI base URL, e.g. "http://127.0.0.1:5569/v1". An empty key or
    // model gives the placeholders.
    ClientSnippets(const QString &baseUrl, const QString &key, const QString &model);

    static QList<Client> clients();
    // Product names, the same in every language.
    static QString clientName(Client client);

    QString text(Client client) const;
    // One line on what the text is for and where it goes.
    QString note(Client client) const;

    // The base URL with /v1, as OpenAI SDKs take it.
    QString openAiBaseUrl() const { return m_baseUrl + QLatin1String("/v1"); }
    // The server's root, without /v1, for clients that add the version themselves.
    QString serverRoot() const { return m_baseUrl; }
    QString key() const { return m_key; }
    QString model() const { return m_model; }

private:
    QString cherryStudio() const;
    QString claudeCode() const;
    QString codexCli() const;
    QString continueConfig() const;
    QString curl() const;

    QString m_baseUrl; // without /v1 and without a trailing slash
    QString m_key;
    QString m_model;
};

} // namespace llmux
