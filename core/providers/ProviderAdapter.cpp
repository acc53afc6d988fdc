#include "core/providers/ProviderAdapter.h"

#include "core/providers/AnthropicAdapter.h"
#include "core/providers/AzureOpenAiAdapter.h"
#include "core/providers/GeminiAdapter.h"
#include "core/providers/OpenAiCompatibleAdapter.h"

#include <QRegularExpression>

namespace llmux {
namespace {

const QList<const ProviderAdapter *> &registry()
{
    static const OpenAiCompatibleAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const GeminiAdapter gemini;
    static const AzureOpenAiAdapter azure;
    static const QList<const ProviderAdapter *> all = {&openAi, &anthropic, &gemini, &azure};
    return all;
}

} // namespace

const ProviderAdapter *ProviderAdapter::forKind(const QString &kind)
{
    for (const ProviderAdapter *adapter : registry())
        if (adapter->kind().compare(kind, Qt::CaseInsensitive) == 0)
            return adapter;
    return nullptr;
}

QStringList ProviderAdapter::kinds()
{
    QStringList out;
    for (const ProviderAdapter *adapter : registry())
        out.append(adapter->kind());
    return out;
}

QString ProviderAdapter::unusableModelReason(const QString &) const
{
    return QString();
}

QString ProviderAdapter::pathSegmentProblem(const QString &model)
{
    static const QRegularExpression unsafe(QStringLiteral("[/\\\\?#%\\s]"));
    if (model.isEmpty() || model == QLatin1String(".") || model == QLatin1String("..") ||
        unsafe.match(model).hasMatch())
        return QStringLiteral("the model name '%1' cannot be part of this provider's URL (no '/', "
                              "'\\', '?', '#', '%', spaces, '.' or '..')")
            .arg(model.left(100));
    return QString();
}

QStringView ProviderAdapter::openAiPath(Operation operation)
{
    switch (operation) {
    case Operation::Generate:
        return u"/chat/completions";
    case Operation::Embeddings:
        return u"/embeddings";
    case Operation::TextCompletions:
        return u"/completions";
    case Operation::Responses:
        return u"/responses";
    case Operation::CompactResponse:
        return u"/responses/compact";
    case Operation::CountTokens:
        break;
    }
    return {};
}

QUrl ProviderAdapter::endpointUrl(const QUrl &baseUrl, QStringView path)
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    return url;
}

UpstreamRequest ProviderAdapter::jsonPost(const ProviderEndpoint &provider, QUrl url,
                                          QByteArray body, bool stream)
{
    UpstreamRequest request;
    request.url = std::move(url);
    request.headers.emplaceBack("User-Agent", "LLMux/" LLMUX_VERSION);
    request.headers.emplaceBack("Accept-Encoding", "identity");
    if (!body.isEmpty())
        request.headers.emplaceBack("Content-Type", "application/json");
    request.headers.emplaceBack("Accept", stream ? "text/event-stream" : "application/json");
    request.body = std::move(body);
    request.timeouts = provider.record.timeouts;
    return request;
}

} // namespace llmux
