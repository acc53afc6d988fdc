#include "core/providers/AzureOpenAiAdapter.h"

#include <QUrlQuery>

namespace llmux {

QUrl AzureOpenAiAdapter::operationUrl(const QUrl &base, const QString &deployment,
                                      QStringView operation, const char *defaultApiVersion)
{
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QUrlQuery query(base);
    QUrl url = base;
    if (path.endsWith(QLatin1String("/openai/v1"))) {
        url.setPath(path + operation);
        return url;
    }
    if (!path.endsWith(QLatin1String("/openai")))
        path += QLatin1String("/openai");
    if (deployment.isEmpty())
        path += operation;
    else
        path += QLatin1String("/deployments/") + deployment + operation;
    url.setPath(path);
    if (!query.hasQueryItem(QStringLiteral("api-version")))
        query.addQueryItem(QStringLiteral("api-version"), QLatin1String(defaultApiVersion));
    url.setQuery(query);
    return url;
}

std::optional<UpstreamRequest>
AzureOpenAiAdapter::request(Operation operation, const ProviderEndpoint &provider,
                            const QByteArray &apiKey, const QString &upstreamModel, QByteArray body,
                            bool stream, const HeaderList &) const
{
    const QStringView path = openAiPath(operation);
    if (path.isEmpty())
        return std::nullopt;
    // The Responses API is not per deployment: the deployment is the body's model.
    const bool perDeployment =
        operation != Operation::Responses && operation != Operation::CompactResponse;
    UpstreamRequest r = jsonPost(
        provider,
        perDeployment ? operationUrl(provider.baseUrl, upstreamModel, path)
                      : operationUrl(provider.baseUrl, QString(), path, kResponsesApiVersion),
        std::move(body), stream);
    if (!apiKey.isEmpty())
        r.headers.emplaceBack("api-key", apiKey);
    return r;
}

QString AzureOpenAiAdapter::unusableModelReason(const QString &model) const
{
    return pathSegmentProblem(model); // the deployment name
}

UpstreamRequest AzureOpenAiAdapter::listModels(const ProviderEndpoint &provider,
                                               const QByteArray &apiKey) const
{
    UpstreamRequest r =
        jsonPost(provider, operationUrl(provider.baseUrl, QString(), u"/models"), {}, false);
    r.method = "GET";
    if (!apiKey.isEmpty())
        r.headers.emplaceBack("api-key", apiKey);
    return r;
}

} // namespace llmux
