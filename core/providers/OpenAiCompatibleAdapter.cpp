#include "core/providers/OpenAiCompatibleAdapter.h"

namespace llmux {
namespace {

void authorize(UpstreamRequest &request, const QByteArray &apiKey)
{
    if (!apiKey.isEmpty())
        request.headers.emplaceBack("Authorization", "Bearer " + apiKey);
}

} // namespace

std::optional<UpstreamRequest>
OpenAiCompatibleAdapter::request(Operation operation, const ProviderEndpoint &provider,
                                 const QByteArray &apiKey, const QString &, QByteArray body,
                                 bool stream, const HeaderList &) const
{
    const QStringView path = openAiPath(operation);
    if (path.isEmpty())
        return std::nullopt;
    UpstreamRequest r =
        jsonPost(provider, endpointUrl(provider.baseUrl, path), std::move(body), stream);
    authorize(r, apiKey);
    return r;
}

UpstreamRequest OpenAiCompatibleAdapter::listModels(const ProviderEndpoint &provider,
                                                    const QByteArray &apiKey) const
{
    UpstreamRequest r = jsonPost(provider, endpointUrl(provider.baseUrl, u"/models"), {}, false);
    r.method = "GET";
    authorize(r, apiKey);
    return r;
}

} // namespace llmux
