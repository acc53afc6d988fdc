#include "providers/OpenAiCompatibleAdapter.h"

namespace llmux {
namespace {

void authorize(UpstreamRequest &request, const ProviderEndpoint &provider)
{
    if (!provider.apiKey.isEmpty())
        request.headers.emplaceBack("Authorization", "Bearer " + provider.apiKey);
}

} // namespace

std::optional<UpstreamRequest> OpenAiCompatibleAdapter::request(Operation operation,
                                                                const ProviderEndpoint &provider,
                                                                const QString &, QByteArray body,
                                                                bool stream,
                                                                const HeaderList &) const
{
    const QStringView path = openAiPath(operation);
    if (path.isEmpty())
        return std::nullopt;
    UpstreamRequest r =
        jsonPost(provider, endpointUrl(provider.baseUrl, path), std::move(body), stream);
    authorize(r, provider);
    return r;
}

UpstreamRequest OpenAiCompatibleAdapter::listModels(const ProviderEndpoint &provider) const
{
    UpstreamRequest r = jsonPost(provider, endpointUrl(provider.baseUrl, u"/models"), {}, false);
    r.method = "GET";
    authorize(r, provider);
    return r;
}

} // namespace llmux
