#include "core/providers/AnthropicAdapter.h"

#include <QUrlQuery>

namespace llmux {
namespace {

// The base URL may or may not end in /v1 (both forms circulate in docs and tools).
QUrl apiUrl(const QUrl &base, QStringView path)
{
    QUrl url = base;
    QString p = url.path();
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    if (!p.endsWith(QLatin1String("/v1")))
        p += QLatin1String("/v1");
    url.setPath(p + path);
    return url;
}

void authorize(UpstreamRequest &request, const QByteArray &apiKey, const HeaderList &clientHeaders)
{
    if (!apiKey.isEmpty())
        request.headers.emplaceBack("x-api-key", apiKey);
    QByteArray version = headerValue(clientHeaders, "anthropic-version");
    request.headers.append({"anthropic-version", version.isEmpty()
                                                     ? QByteArray(AnthropicAdapter::kDefaultVersion)
                                                     : version});
    if (QByteArray beta = headerValue(clientHeaders, "anthropic-beta"); !beta.isEmpty())
        request.headers.emplaceBack("anthropic-beta", beta);
}

} // namespace

std::optional<UpstreamRequest> AnthropicAdapter::request(Operation operation,
                                                         const ProviderEndpoint &provider,
                                                         const QByteArray &apiKey, const QString &,
                                                         QByteArray body, bool stream,
                                                         const HeaderList &clientHeaders) const
{
    QStringView path;
    if (operation == Operation::Generate)
        path = u"/messages";
    else if (operation == Operation::CountTokens)
        path = u"/messages/count_tokens";
    else
        return std::nullopt;
    UpstreamRequest r = jsonPost(provider, apiUrl(provider.baseUrl, path), std::move(body), stream);
    authorize(r, apiKey, clientHeaders);
    return r;
}

UpstreamRequest AnthropicAdapter::listModels(const ProviderEndpoint &provider,
                                             const QByteArray &apiKey) const
{
    // The list comes in pages of 20 unless asked for more; 1000 is the most one page holds.
    QUrl url = apiUrl(provider.baseUrl, u"/models");
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    url.setQuery(query);
    UpstreamRequest r = jsonPost(provider, url, {}, false);
    r.method = "GET";
    authorize(r, apiKey, {});
    return r;
}

} // namespace llmux
