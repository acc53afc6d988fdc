#include "core/providers/GeminiAdapter.h"

#include <QUrlQuery>

namespace llmux {

std::optional<UpstreamRequest> GeminiAdapter::request(Operation operation,
                                                      const ProviderEndpoint &provider,
                                                      const QByteArray &apiKey,
                                                      const QString &upstreamModel, QByteArray body,
                                                      bool stream, const HeaderList &) const
{
    QString method;
    switch (operation) {
    case Operation::Generate:
        method =
            stream ? QStringLiteral(":streamGenerateContent") : QStringLiteral(":generateContent");
        break;
    case Operation::Embeddings:
        method = QStringLiteral(":batchEmbedContents");
        break;
    case Operation::CountTokens:
        method = QStringLiteral(":countTokens");
        break;
    case Operation::TextCompletions:
    case Operation::Responses:
    case Operation::CompactResponse:
        return std::nullopt;
    }
    QString model = upstreamModel;
    if (model.startsWith(QLatin1String("models/")))
        model = model.mid(7);
    QUrl url = endpointUrl(provider.baseUrl, QString(u"/models/" + model + method));
    if (stream && operation == Operation::Generate)
        url.setQuery(QStringLiteral("alt=sse"));
    UpstreamRequest r = jsonPost(provider, url, std::move(body), stream);
    if (!apiKey.isEmpty())
        r.headers.emplaceBack("x-goog-api-key", apiKey);
    return r;
}

QString GeminiAdapter::unusableModelReason(const QString &model) const
{
    return pathSegmentProblem(model.startsWith(QLatin1String("models/")) ? model.mid(7) : model);
}

UpstreamRequest GeminiAdapter::listModels(const ProviderEndpoint &provider,
                                          const QByteArray &apiKey) const
{
    // The list comes in pages of 50 unless asked for more; 1000 is the most one page holds.
    QUrl url = endpointUrl(provider.baseUrl, u"/models");
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("pageSize"), QStringLiteral("1000"));
    url.setQuery(query);
    UpstreamRequest r = jsonPost(provider, url, {}, false);
    r.method = "GET";
    if (!apiKey.isEmpty())
        r.headers.emplaceBack("x-goog-api-key", apiKey);
    return r;
}

} // namespace llmux
