#include "core/gateway/Authenticator.h"

#include "core/keys/GatewayKeyCodec.h"

#include <QUrlQuery>

namespace llmux {

QByteArray Authenticator::presentedKey(const InboundRequest &request)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 &&
        authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return authorization.mid(7).trimmed();
    if (QByteArray key = request.header("x-api-key").trimmed(); !key.isEmpty())
        return key;
    // Gemini's clients: a header, or the key in the query string.
    if (QByteArray key = request.header("x-goog-api-key").trimmed(); !key.isEmpty())
        return key;
    return QUrlQuery(QString::fromLatin1(request.query))
        .queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded)
        .toUtf8()
        .trimmed();
}

Authenticator::Outcome Authenticator::authenticate(const GatewayConfig &config,
                                                   const InboundRequest &request,
                                                   const QDateTime &now)
{
    Outcome out;
    out.error.status = 401;
    const QByteArray presented = presentedKey(request);
    if (presented.isEmpty()) {
        out.error.code = "missing_api_key";
        out.error.message = QStringLiteral("No gateway key was sent. Pass an LLMux key as "
                                           "'Authorization: Bearer <key>', 'x-api-key: <key>' or "
                                           "'x-goog-api-key: <key>' "
                                           "(create one with: llmux key create NAME).");
        return out;
    }
    const QByteArray hash = GatewayKeyCodec::hash(presented);
    const AcceptedKey *match = nullptr;
    // No early exit: every stored hash is compared, so timing says nothing about which matched.
    for (const AcceptedKey &key : config.keys) {
        if (GatewayKeyCodec::constantTimeEquals(hash, key.hash))
            match = &key;
    }
    if (!match) {
        out.error.code = "invalid_api_key";
        out.error.message =
            QStringLiteral("The gateway key is not valid (it may have been revoked).");
        return out;
    }
    if (match->disabled) {
        out.error.code = "key_disabled";
        out.error.message = QStringLiteral("The gateway key '%1' is disabled.").arg(match->name);
        return out;
    }
    if (match->expiresAt.isValid() && match->expiresAt <= now) {
        out.error.code = "key_expired";
        out.error.message = QStringLiteral("The gateway key '%1' expired on %2.")
                                .arg(match->name, match->expiresAt.toString(Qt::ISODate));
        return out;
    }
    out.key = match;
    return out;
}

} // namespace llmux
