#pragma once

#include "store/Records.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QUrl>

#include <memory>
#include <optional>

namespace llmux {

// A provider as the gateway uses it: its record plus the API key read from the keychain or the
// environment (or why there is none).
struct ProviderEndpoint
{
    ProviderRecord record;
    QUrl baseUrl;
    QByteArray apiKey;
    QString keyProblem;
};

struct ModelTarget
{
    std::shared_ptr<const ProviderEndpoint> provider;
    QString upstreamModel;
    std::optional<ModelPrice> price;
};

struct AcceptedKey
{
    qint64 id = 0;
    QString name;
    QByteArray hash;
    QDateTime expiresAt;
    bool disabled = false;
};

// An immutable snapshot of everything the gateway serves. Workers read it without locks; a change
// replaces the whole snapshot.
struct GatewayConfig
{
    qint64 revision = 0;
    // Keyed by lower-cased name.
    QHash<QString, std::shared_ptr<const ProviderEndpoint>> providers;
    QHash<QString, ModelTarget> models;
    QList<ModelRecord> modelRecords;
    QList<AcceptedKey> keys;
};

using GatewayConfigPtr = std::shared_ptr<const GatewayConfig>;

} // namespace llmux
