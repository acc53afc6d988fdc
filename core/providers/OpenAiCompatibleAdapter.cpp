#include "providers/OpenAiCompatibleAdapter.h"

namespace llmux {
namespace {

HeaderList commonHeaders(const ProviderEndpoint &provider)
{
    HeaderList headers;
    if (!provider.apiKey.isEmpty())
        headers.append(HeaderList::value_type("Authorization", "Bearer " + provider.apiKey));
    headers.append(HeaderList::value_type("User-Agent", "LLMux/" LLMUX_VERSION));
    headers.append(HeaderList::value_type("Accept-Encoding", "identity"));
    return headers;
}

} // namespace

QUrl OpenAiCompatibleAdapter::endpointUrl(const QUrl &baseUrl, QStringView path)
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    return url;
}

UpstreamRequest OpenAiCompatibleAdapter::chatCompletions(const ProviderEndpoint &provider,
                                                         QByteArray body, bool stream)
{
    UpstreamRequest request;
    request.url = endpointUrl(provider.baseUrl, u"/chat/completions");
    request.headers = commonHeaders(provider);
    request.headers.append(HeaderList::value_type("Content-Type", "application/json"));
    request.headers.append(
        HeaderList::value_type("Accept", stream ? "text/event-stream" : "application/json"));
    request.body = std::move(body);
    request.timeouts = provider.record.timeouts;
    return request;
}

UpstreamRequest OpenAiCompatibleAdapter::listModels(const ProviderEndpoint &provider)
{
    UpstreamRequest request;
    request.method = "GET";
    request.url = endpointUrl(provider.baseUrl, u"/models");
    request.headers = commonHeaders(provider);
    request.headers.append(HeaderList::value_type("Accept", "application/json"));
    request.timeouts = provider.record.timeouts;
    return request;
}

} // namespace llmux
