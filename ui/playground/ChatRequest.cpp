#include "ui/playground/ChatRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace llmux {

QByteArray ChatRequest::body() const
{
    QJsonArray list;
    if (!systemPrompt.trimmed().isEmpty())
        list.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                {QStringLiteral("content"), systemPrompt}});
    for (const ChatMessage &m : messages)
        list.append(
            QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject json{
        {QStringLiteral("model"), model},
        {QStringLiteral("messages"), list},
        {QStringLiteral("stream"), true},
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}}};
    if (temperature)
        json.insert(QStringLiteral("temperature"), *temperature);
    if (topP)
        json.insert(QStringLiteral("top_p"), *topP);
    if (maxTokens)
        json.insert(QStringLiteral("max_tokens"), *maxTokens);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QString ChatRequest::curlCommand(const QString &baseUrl) const
{
    QString url = baseUrl;
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    // Single quotes keep the body literal in a POSIX shell; a quote inside becomes '\''.
    QString data = QString::fromUtf8(body());
    data.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QStringLiteral("curl -N %1/chat/completions \\\n"
                          "  -H \"Authorization: Bearer $LLMUX_API_KEY\" \\\n"
                          "  -H \"Content-Type: application/json\" \\\n"
                          "  -d '%2'\n")
        .arg(url, data);
}

} // namespace llmux
