#include "core/providers/ProviderProbe.h"

#include "core/common/SecretMask.h"
#include "core/providers/ProviderAdapter.h"
#include "core/upstream/UpstreamCall.h"
#include "core/upstream/UpstreamConnectionPool.h"

#include <QElapsedTimer>
#include <QSet>

#include <nlohmann/json.hpp>

namespace llmux {
ProbeResult ProbeResult::failure(QString message, double latencyMs, bool proxyFault)
{
    ProbeResult r;
    r.message = std::move(message);
    r.latencyMs = latencyMs;
    r.proxyFault = proxyFault;
    return r;
}

ProviderProbe::ProviderProbe(std::shared_ptr<const ProviderEndpoint> provider, int keyIndex,
                             int proxyIndex, QObject *parent)
    : QObject(parent)
    , m_provider(std::move(provider))
    , m_keyIndex(keyIndex)
    , m_proxyIndex(proxyIndex < 0 && !m_provider->proxies.isEmpty() ? 0 : proxyIndex)
    , m_pool(std::make_unique<UpstreamConnectionPool>())
{}

ProviderProbe::~ProviderProbe() = default;

void ProviderProbe::start()
{
    const QString name = m_provider->record.name;
    const ProviderKey key = m_provider->keys.value(m_keyIndex);
    if (!key.problem.isEmpty()) {
        Q_EMIT finished(ProbeResult::failure(
            QStringLiteral("Provider '%1' has no usable API key: %2").arg(name, key.problem)));
        return;
    }
    const ProviderAdapter *adapter = ProviderAdapter::forKind(m_provider->record.kind);
    if (!adapter) {
        Q_EMIT finished(
            ProbeResult::failure(QStringLiteral("Provider '%1' has kind '%2', which this "
                                                "LLMux does not know.")
                                     .arg(name, m_provider->record.kind)));
        return;
    }
    UpstreamRequest request = adapter->listModels(*m_provider, key.secret);
    // A provider may echo what it was sent; the message goes to screens, logs and the database.
    SecretMask secrets;
    secrets.add(key.secret);
    if (m_proxyIndex >= 0) {
        const ProxyEndpoint &proxy = m_provider->proxies.at(m_proxyIndex);
        if (!proxy.problem.isEmpty()) {
            Q_EMIT finished(
                ProbeResult::failure(QStringLiteral("Provider '%1' must be reached through "
                                                    "proxy %2, which cannot be used: %3")
                                         .arg(name, proxy.display, proxy.problem)));
            return;
        }
        request.proxy = proxy.proxy;
        request.proxyName = proxy.display;
        secrets.add(proxy.proxy.password().toUtf8());
    }
    // A probe should answer quickly even when chat requests may take minutes.
    request.timeouts.firstByteMs = qMin(request.timeouts.firstByteMs, m_timeoutMs);
    request.timeouts.connectMs = qMin(request.timeouts.connectMs, m_timeoutMs);
    request.timeouts.totalMs = m_timeoutMs * 2;
    auto *call = new UpstreamCall(m_pool.get(), request, this);
    auto clock = std::make_shared<QElapsedTimer>();
    auto status = std::make_shared<int>(0);
    auto body = std::make_shared<QByteArray>();
    clock->start();
    connect(call, &UpstreamCall::responseHead, this,
            [status](const HttpResponseParser::Head &head) { *status = head.status; });
    connect(call, &UpstreamCall::bodyData, this, [body](const QByteArray &d) { *body += d; });
    connect(call, &UpstreamCall::finished, this, [=, this] {
        ProbeResult r;
        r.status = *status;
        r.latencyMs = clock->nsecsElapsed() / 1e6;
        if (r.status >= 200 && r.status < 300) {
            const auto json = nlohmann::json::parse(
                body->constData(), body->constData() + body->size(), nullptr, false);
            // OpenAI and Anthropic list models under "data", Gemini under "models"; some
            // compatible servers send both, naming the same models twice.
            QSet<QString> seen;
            bool listed = false;
            for (const char *key : {"data", "models"}) {
                if (!json.is_object() || !json.contains(key) || !json[key].is_array())
                    continue;
                listed = true;
                for (const auto &model : json[key]) {
                    if (!model.is_object())
                        continue;
                    for (const char *field : {"id", "name"}) {
                        if (model.contains(field) && model[field].is_string()) {
                            QString id = QString::fromStdString(model[field].get<std::string>());
                            if (id.startsWith(QLatin1String("models/")))
                                id = id.mid(7);
                            if (!seen.contains(id)) {
                                seen.insert(id);
                                r.modelIds << id;
                            }
                            break;
                        }
                    }
                }
            }
            if (listed)
                r.modelCount = int(r.modelIds.size());
            r.ok = true;
            r.message = QStringLiteral("Provider '%1' is reachable: HTTP %2 in %3 ms%4.")
                            .arg(name)
                            .arg(r.status)
                            .arg(qRound(r.latencyMs))
                            .arg(r.modelCount >= 0
                                     ? QStringLiteral(", %1 models available").arg(r.modelCount)
                                     : QString());
        } else {
            QString why;
            if (r.status == 401 || r.status == 403)
                why = QStringLiteral(" The provider rejected the API key.");
            r.message =
                QStringLiteral("Provider '%1' answered HTTP %2.%3 Response: %4")
                    .arg(name)
                    .arg(r.status)
                    .arg(why, QString::fromUtf8(secrets.apply(*body).left(300)).simplified());
        }
        Q_EMIT finished(r);
    });
    connect(call, &UpstreamCall::failed, this, [=, this](const UpstreamFailure &failure) {
        Q_EMIT finished(ProbeResult::failure(
            secrets.apply(
                QStringLiteral("Provider '%1' failed the test: %2").arg(name, failure.message)),
            clock->nsecsElapsed() / 1e6, failure.proxyFault));
    });
    call->start();
}

} // namespace llmux
